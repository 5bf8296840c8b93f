import type { Context } from './context.js';
import { readCookie, serializeCookie } from './cookies.js';
import type { CoreConfig } from './defaults.js';
import { SetupError } from './errors.js';
import { Session, sharedValues } from './session.js';
import { decodeJson, encodeJson, Signer } from './signed-cookie.js';

/**
 * Where sessions live. The default keeps them in a signed cookie; a server-side store
 * (Redis, a database) implements these two methods and is set with `app.sessionStore = …`.
 * Stable interface.
 */
export interface SessionStore {
  /** Loads the request's session; undefined or a new Session when there is none or it is invalid. */
  open(c: Context): Promise<Session | undefined> | Session | undefined;
  /**
   * Optional: loads the session without waiting (undefined when there is none or it is invalid).
   * When a store has it, the session is opened only when the request first reads `c.session`, so a
   * request that never does costs nothing, and `open` is not called.
   */
  openSync?: ((c: Context) => Session | undefined) | undefined;
  /**
   * Persists the session by adding headers (e.g. Set-Cookie) to the response. Flagon adds
   * `Vary: Cookie` itself when the session was read. Return nothing (not a promise) when there is
   * nothing to wait for, so the request is not held for a turn of the event loop.
   */
  save(c: Context, session: Session, response: Response): Promise<void> | void;
}

/**
 * The `Set-Cookie` value of the session cookie, with the app's `SESSION_COOKIE_*` settings:
 * `value` for the session (kept for PERMANENT_SESSION_LIFETIME when `permanent`, else until the
 * browser closes), or undefined to delete it. For session stores; the value is percent-encoded.
 *
 * @example
 * ```ts
 * response.headers.append('set-cookie', sessionCookie(c.app.config, await signer.sign(id), session.permanent));
 * ```
 */
export function sessionCookie(
  config: Pick<
    CoreConfig,
    | 'SESSION_COOKIE_NAME'
    | 'SESSION_COOKIE_PATH'
    | 'SESSION_COOKIE_DOMAIN'
    | 'SESSION_COOKIE_SECURE'
    | 'SESSION_COOKIE_HTTPONLY'
    | 'SESSION_COOKIE_SAMESITE'
    | 'SESSION_COOKIE_PARTITIONED'
    | 'PERMANENT_SESSION_LIFETIME'
  >,
  value: string | undefined,
  permanent: boolean,
): string {
  const base = {
    path: config.SESSION_COOKIE_PATH,
    domain: config.SESSION_COOKIE_DOMAIN,
    secure: config.SESSION_COOKIE_SECURE,
    httpOnly: config.SESSION_COOKIE_HTTPONLY,
    sameSite: config.SESSION_COOKIE_SAMESITE,
    partitioned: config.SESSION_COOKIE_PARTITIONED,
  };
  if (value === undefined) {
    return serializeCookie(config.SESSION_COOKIE_NAME, '', { ...base, maxAge: 0, expires: new Date(0) });
  }
  const maxAge = permanent ? config.PERMANENT_SESSION_LIFETIME : undefined;
  return serializeCookie(config.SESSION_COOKIE_NAME, value, {
    ...base,
    ...(maxAge === undefined ? {} : { maxAge, expires: new Date(Date.now() + maxAge * 1000) }),
  });
}

/** The largest cookie browsers keep (name, value and attributes). */
export const MAX_COOKIE_SIZE = 4093;

/** Thrown when a session does not fit in a cookie. */
export class SessionTooLargeError extends Error {
  readonly code = 'session_too_large';
  readonly size: number;
  constructor(size: number) {
    super(
      `The session cookie would be ${size} bytes, over the ${MAX_COOKIE_SIZE}-byte limit browsers keep, ` +
        'so it was not sent. Store less in the session (an id, not whole records), or use a server-side SessionStore.',
    );
    this.name = 'SessionTooLargeError';
    this.size = size;
  }
}

interface VerifiedCookie {
  /** The cookie's value as sent. */
  readonly raw: string;
  readonly signer: Signer;
  readonly json: string;
  /** The values, when requests can share them (see `sharedValues`). */
  readonly values: Readonly<Record<string, unknown>> | undefined;
  readonly permanent: boolean;
  /** Seconds since the epoch when the cookie was signed. */
  readonly signedAt: number;
}

/** How many verified cookies the store remembers, so repeat visits skip the HMAC check. */
const VERIFIED_CACHE_SIZE = 1024;

/**
 * The key a verified cookie is remembered under: its last four characters (the end of its HMAC)
 * as one small integer. Hashing that costs nothing, where hashing the cookie's whole text on every
 * request was the dearest step of reading a known session; the entry holds the text, compared
 * in full, so two cookies ending alike only miss the cache.
 */
function cacheKey(raw: string): number {
  const n = raw.length;
  return (
    (raw.charCodeAt(n - 1) & 0x7f) |
    ((raw.charCodeAt(n - 2) & 0x7f) << 7) |
    ((raw.charCodeAt(n - 3) & 0x7f) << 14) |
    ((raw.charCodeAt(n - 4) & 0x7f) << 21)
  );
}

/**
 * Sessions in a cookie signed with SECRET_KEY (HMAC-SHA256), as Flask does. Cookies that
 * verified (or that this store signed) are remembered, so a browser sending the same cookie
 * again costs a map lookup instead of an HMAC, and the JSON is parsed only if the request
 * reads its session. Where the runtime can check a signature without waiting (it has
 * `node:crypto`: Node, Bun, Deno), the cookie is not even looked at until the request reads
 * `c.session`; elsewhere (Workers) it is checked before the request's hooks run.
 */
export class CookieSessionStore implements SessionStore {
  readonly #verified = new Map<number, VerifiedCookie>();

  /**
   * Opens the session on the first read of `c.session`, checking a new cookie's signature with
   * `node:crypto` (see {@link SessionStore.openSync}); undefined where the runtime has no
   * `node:crypto` (Workers), so the cookie is checked before the hooks with Web Crypto instead.
   */
  readonly openSync: ((c: Context) => Session | undefined) | undefined = Signer.canUnsignNow
    ? (c) => this.#open(c, true) as Session | undefined
    : undefined;

  open(c: Context): Promise<Session | undefined> | Session | undefined {
    return this.#open(c, false);
  }

  /** The session of the request's cookie: at once when `now` (node:crypto), else maybe later. */
  #open(c: Context, now: boolean): Promise<Session | undefined> | Session | undefined {
    const config = c.app.config;
    if (!config.SECRET_KEY) return undefined;
    const raw = readCookie(c.req.raw.headers.get('cookie'), config.SESSION_COOKIE_NAME);
    if (raw === undefined) return undefined;
    const signer = c.app.signer('flagon.session');
    const maxAge = config.PERMANENT_SESSION_LIFETIME;
    const known = this.#verified.get(cacheKey(raw));
    if (known && known.raw === raw && known.signer === signer) {
      if (Date.now() / 1000 - known.signedAt > maxAge) return undefined;
      if (known.values) return Session.fromShared(known.values, known.permanent);
      return new Session(known.json, false, known.permanent);
    }
    if (now) return this.#verifiedSession(raw, signer, signer.unsignNow(raw, maxAge));
    return signer.unsign(raw, maxAge).then((payload) => this.#verifiedSession(raw, signer, payload));
  }

  /** The session of a cookie whose signature checked out (`payload`), remembered for next time. */
  #verifiedSession(raw: string, signer: Signer, payload: string | undefined): Session | undefined {
    if (payload === undefined) return undefined;
    const data = decodeJson(payload);
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
    const signedAt = Number.parseInt(raw.slice(raw.indexOf('.') + 1, raw.lastIndexOf('.')), 36);
    const json = JSON.stringify(data);
    const permanent = (data as Record<string, unknown>)._permanent === true;
    const values = sharedValues(data as Record<string, unknown>);
    this.#remember({ raw, signer, json, values, permanent, signedAt });
    return values ? Session.fromShared(values, permanent) : new Session(json, false, permanent);
  }

  #remember(entry: VerifiedCookie): void {
    if (this.#verified.size >= VERIFIED_CACHE_SIZE) {
      const oldest = this.#verified.keys().next().value;
      if (oldest !== undefined) this.#verified.delete(oldest);
    }
    this.#verified.set(cacheKey(entry.raw), entry);
  }

  save(c: Context, session: Session, response: Response): Promise<void> | undefined {
    const config = c.app.config;
    const refresh = session.permanent && config.SESSION_REFRESH_EACH_REQUEST;
    if (!session.modified && !refresh) return undefined;
    if (session.isEmpty) {
      if (session.modified && !session.isNew) {
        response.headers.append('set-cookie', sessionCookie(config, undefined, false));
      }
      return undefined;
    }
    if (!config.SECRET_KEY) {
      throw new SetupError(
        'The session is unavailable because no SECRET_KEY was set. Set SECRET_KEY in the config ' +
          '(instance/config.ts, or the env var with your prefix) to a long random string.',
        'no_secret_key',
      );
    }
    return this.#write(c, session, response);
  }

  /** Signs the session and sets its cookie. */
  async #write(c: Context, session: Session, response: Response): Promise<void> {
    const config = c.app.config;
    const data = session.toJSON();
    const signer = c.app.signer('flagon.session');
    const now = Date.now();
    const value = await signer.sign(encodeJson(data), now);
    const cookie = sessionCookie(config, value, session.permanent);
    if (cookie.length > MAX_COOKIE_SIZE) throw new SessionTooLargeError(cookie.length);
    response.headers.append('set-cookie', cookie);
    this.#remember({
      raw: value,
      signer,
      json: JSON.stringify(data),
      values: sharedValues(data),
      permanent: session.permanent,
      signedAt: Math.floor(now / 1000),
    });
  }
}
