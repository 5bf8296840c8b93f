import {
  type Context,
  HTTPError,
  type Logger,
  readCookie,
  Session,
  type SessionStore,
  sessionCookie,
} from '@flagon/core';
import { Redis } from 'ioredis';

/** Options of {@link redisSessionStore} and {@link redisSessions}. */
export interface RedisSessionOptions {
  /** The Redis server, e.g. `redis://127.0.0.1:6379/0`. Default `process.env.REDIS_URL`, else `redis://127.0.0.1:6379`. Ignored with `client`. */
  url?: string;
  /** A client of your own (ioredis). It stays yours: closing the store does not close it. */
  client?: Redis;
  /** Prepended to each session id to make its key. Default `'flagon:session:'`. */
  prefix?: string;
  /** How long to wait for a connection before a request fails with 503, in ms. Default 2000. */
  connectTimeout?: number;
  /** How long to wait for one command before a request fails with 503, in ms. Default 1000. */
  commandTimeout?: number;
}

/** Each option's default. */
export const REDIS_SESSION_DEFAULTS = Object.freeze({
  url: 'redis://127.0.0.1:6379',
  prefix: 'flagon:session:',
  connectTimeout: 2000,
  commandTimeout: 1000,
});

/** The signer's salt: an id cookie is never mistaken for a signed-cookie session. */
const SALT = 'flagon.redis-session-id';
/** Ids are 32 random bytes, base64url. */
const ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * Sessions kept in Redis: the cookie holds only a random session id signed with SECRET_KEY
 * (`app.signer`), the data is JSON at `prefix + id` with PERMANENT_SESSION_LIFETIME as its TTL.
 * `session.clear()` that leaves the session empty deletes the key, so an old cookie no longer
 * logs in. When Redis is down or slower than the timeouts, the request fails with
 * `HTTPError(503)` saying which Redis and why; it never waits longer than the timeouts.
 * Stable: implements core's `SessionStore`.
 */
export class RedisSessionStore implements SessionStore {
  /** The ioredis client. */
  readonly client: Redis;
  readonly prefix: string;
  readonly connectTimeout: number;
  readonly commandTimeout: number;
  /** Where failures are logged (the app's logger once `redisSessions()` is set up). */
  logger: Pick<Logger, 'error' | 'info'> = console;
  readonly #ownsClient: boolean;
  readonly #ids = new WeakMap<Session, string>();
  readonly #where: string;
  #lastError: Error | undefined;
  #failing = false;

  constructor(options: RedisSessionOptions = {}) {
    this.prefix = options.prefix ?? REDIS_SESSION_DEFAULTS.prefix;
    if (typeof this.prefix !== 'string' || this.prefix === '') {
      throw new TypeError(
        `redisSessionStore: prefix must be a non-empty string, not ${JSON.stringify(options.prefix)}.`,
      );
    }
    this.connectTimeout = milliseconds('connectTimeout', options.connectTimeout);
    this.commandTimeout = milliseconds('commandTimeout', options.commandTimeout);
    if (options.client) {
      this.client = options.client;
      this.#ownsClient = false;
      const { host, port, db } = options.client.options;
      this.#where = `redis://${host ?? '127.0.0.1'}:${port ?? 6379}/${db ?? 0}`;
    } else {
      const url = options.url ?? process.env.REDIS_URL ?? REDIS_SESSION_DEFAULTS.url;
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new TypeError(
          `redisSessionStore: url ${JSON.stringify(url)} is not a URL; use redis://host:port/db.`,
        );
      }
      if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
        throw new TypeError(
          `redisSessionStore: url ${JSON.stringify(url)} must start with redis:// or rediss://.`,
        );
      }
      parsed.password = parsed.password ? '***' : '';
      this.#where = parsed.toString();
      this.client = new Redis(url, {
        connectTimeout: this.connectTimeout,
        // Fail at once while disconnected: a queued write that runs minutes later could undo a newer one.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        retryStrategy: (times) => Math.min(times * 100, 2000),
      });
      this.#ownsClient = true;
    }
    this.client.on('error', (error: Error) => {
      this.#lastError = error;
    });
    this.client.on('ready', () => {
      this.#lastError = undefined;
      if (this.#failing) this.logger.info(`Redis sessions: ${this.#where} is answering again.`);
      this.#failing = false;
    });
  }

  async open(c: Context): Promise<Session | undefined> {
    const config = c.app.config;
    if (!config.SECRET_KEY) return undefined;
    const raw = readCookie(c.req.raw.headers.get('cookie'), config.SESSION_COOKIE_NAME);
    if (raw === undefined) return undefined;
    const id = await c.app.signer(SALT).unsign(raw, config.PERMANENT_SESSION_LIFETIME);
    if (id === undefined || !ID.test(id)) return undefined;
    const json = await this.#run('GET', () => this.client.get(this.prefix + id));
    if (json === null) return undefined;
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch {
      return undefined;
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
    const session = new Session(data as Record<string, unknown>, false);
    this.#ids.set(session, id);
    return session;
  }

  async save(c: Context, session: Session, response: Response): Promise<void> {
    const config = c.app.config;
    const known = this.#ids.get(session);
    if (session.isEmpty) {
      if (!session.modified || session.isNew) return;
      if (known !== undefined) await this.#run('DEL', () => this.client.del(this.prefix + known));
      response.headers.append('set-cookie', sessionCookie(config, undefined, false));
      return;
    }
    const refresh = session.permanent && config.SESSION_REFRESH_EACH_REQUEST;
    if (!session.modified && !refresh) return;
    const id = known ?? newId();
    const key = this.prefix + id;
    const ttl = config.PERMANENT_SESSION_LIFETIME;
    if (session.modified) {
      const json = JSON.stringify(session.toJSON());
      await this.#run('SET', () => this.client.set(key, json, 'EX', ttl));
    } else {
      await this.#run('EXPIRE', () => this.client.expire(key, ttl));
    }
    if (known === undefined || session.permanent) {
      const signed = await c.app.signer(SALT).sign(id);
      response.headers.append('set-cookie', sessionCookie(config, signed, session.permanent));
    }
    this.#ids.set(session, id);
  }

  /** Closes the client if the store made it (a `client` passed in stays open). */
  async close(): Promise<void> {
    if (!this.#ownsClient || this.client.status === 'end') return;
    const ended = new Promise((resolve) => this.client.once('end', resolve));
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
    await ended;
  }

  /** Runs one command within the timeouts; any failure becomes a 503 that names Redis and the reason. */
  async #run<T>(command: string, send: () => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await this.#connected();
      return await Promise.race([
        send(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer to ${command} within ${this.commandTimeout} ms`)),
            this.commandTimeout,
          );
        }),
      ]);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const message = `Sessions are unavailable: Redis at ${this.#where} failed (${reason}). Try again shortly.`;
      if (!this.#failing) this.logger.error(`Redis sessions: ${message}`);
      this.#failing = true;
      throw new HTTPError(503, message, { cause: error, headers: { 'retry-after': '5' } });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits for the connection up to connectTimeout; fails at once while reconnecting after a loss. */
  async #connected(): Promise<void> {
    const client = this.client;
    if (client.status === 'ready') return;
    if (client.status === 'end' || client.status === 'close') throw new Error('the connection is closed');
    if (client.status === 'reconnecting') {
      throw new Error(`not connected: ${this.#lastError?.message ?? 'reconnecting'}`);
    }
    if (client.status === 'wait') client.connect().catch(() => {});
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer);
        client.off('ready', onReady);
        client.off('error', onError);
        if (error) reject(error);
        else resolve();
      };
      const onReady = () => done();
      const onError = (error: Error) => done(new Error(`cannot connect: ${error.message}`));
      const timer = setTimeout(
        () => done(new Error(`no connection within ${this.connectTimeout} ms`)),
        this.connectTimeout,
      );
      client.once('ready', onReady);
      client.once('error', onError);
    });
  }
}

function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Buffer.from(bytes).toString('base64url');
}

function milliseconds(name: 'connectTimeout' | 'commandTimeout', value: number | undefined): number {
  if (value === undefined) return REDIS_SESSION_DEFAULTS[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(
      `redisSessionStore: ${name} must be a positive number of milliseconds, not ${typeof value === 'number' ? value : JSON.stringify(value)}.`,
    );
  }
  return value;
}

/**
 * A Redis session store, for `app.sessionStore = …` (prefer {@link redisSessions}, which also
 * closes it on shutdown).
 *
 * @throws {TypeError} for a bad `url`, `prefix` or timeout, naming it.
 * @example
 * ```ts
 * app.sessionStore = redisSessionStore({ url: 'redis://127.0.0.1:6379/0' });
 * ```
 */
export function redisSessionStore(options: RedisSessionOptions = {}): RedisSessionStore {
  return new RedisSessionStore(options);
}
