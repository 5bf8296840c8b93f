import {
  type BodyLimits,
  checkDeclaredLength,
  limitedChunks,
  NO_LIMITS,
  readBodyLimits,
  readLimited,
  smallerCap,
  tooLarge,
} from './body-limits.js';
import { bestMatch } from './content-negotiation.js';
import { parseCookieHeader } from './cookies.js';
import type { CoreConfig } from './defaults.js';
import { HTTPError } from './errors.js';
import { parseMultipart } from './multipart.js';
import {
  forwardedValue,
  HOST_PATTERN,
  ipAddress,
  type ProxyFix,
  pathPrefix,
  readProxyFix,
} from './proxy-fix.js';
import { readTrustedHosts } from './trusted-hosts.js';

/** A value of a submitted form: text, or a file for multipart uploads. */
export type FormValue = string | File;

/** What a request needs from the app's config, read once when the app starts serving. */
export interface RequestSettings {
  /** MAX_CONTENT_LENGTH, MAX_BODY_SIZE, MAX_FORM_MEMORY_SIZE, MAX_FORM_PARTS, MAX_UPLOAD_SIZE. */
  readonly limits: BodyLimits;
  /** PROXY_FIX's hop counts, or null when no proxy is trusted. */
  readonly proxyFix: ProxyFix | null;
  /** TRUSTED_HOSTS, lower-case, or null for any host. */
  readonly trustedHosts: readonly string[] | null;
}

const NO_SETTINGS: RequestSettings = Object.freeze({ limits: NO_LIMITS, proxyFix: null, trustedHosts: null });

/**
 * Reads the request-side keys (limits, PROXY_FIX, TRUSTED_HOSTS) from a config. Throws
 * `SetupError` naming the key when a value is not valid.
 */
export function readRequestSettings(config: Partial<CoreConfig>): RequestSettings {
  return Object.freeze({
    limits: readBodyLimits(config),
    proxyFix: readProxyFix(config.PROXY_FIX),
    trustedHosts: readTrustedHosts(config.TRUSTED_HOSTS),
  });
}

/** The runtime's second `fetch` argument on Node (@hono/node-server): the socket is there. */
interface NodeEnv {
  readonly incoming?: { readonly socket?: { readonly remoteAddress?: string } };
}

/**
 * The incoming request as views see it (`c.req`): Hono's request API, with body readers that
 * answer malformed input with a 400 naming the problem, a 415 for the wrong media type, and a
 * 413 naming the limit and its config key when a body is over MAX_BODY_SIZE, MAX_FORM_MEMORY_SIZE,
 * MAX_FORM_PARTS, MAX_UPLOAD_SIZE or MAX_CONTENT_LENGTH. Behind a proxy (`PROXY_FIX`), `scheme`, `host`, `prefix`
 * and `remoteAddr` are the values the trusted proxies forwarded.
 */
export class FlagonRequest {
  /** The standard Web request. */
  readonly raw: Request;
  /** The path, percent-encoded as sent (without the query string). */
  readonly path: string;
  readonly #settings: RequestSettings;
  readonly #env: unknown;
  #url: URL | undefined;
  #cookies: Map<string, string> | undefined;
  #body: Promise<Uint8Array> | undefined;
  #form: Promise<FormData> | undefined;
  #scheme: string | undefined;
  #host: string | undefined;
  #prefix: string | undefined;
  #remoteAddr: string | null | undefined;

  /**
   * @param raw - the Web request
   * @param path - its path, percent-encoded, without the query string
   * @param settings - limits and proxy trust; none when omitted
   * @param env - the runtime's second `fetch` argument (`{ incoming }` on Node), for the socket address
   */
  constructor(raw: Request, path: string, settings: RequestSettings = NO_SETTINGS, env?: unknown) {
    this.raw = raw;
    this.path = path;
    this.#settings = settings;
    this.#env = env;
  }
  /** The request method, upper-case. */
  get method(): string {
    return this.raw.method;
  }

  /** The full URL as text. */
  get url(): string {
    return this.raw.url;
  }

  /** The parsed URL. */
  get parsedUrl(): URL {
    this.#url ??= new URL(this.raw.url);
    return this.#url;
  }

  /** A request header, or undefined. */
  header(name: string): string | undefined {
    return this.raw.headers.get(name) ?? undefined;
  }

  /**
   * One query-string value (the first), or all of them as an object when no name is given. The
   * object has no prototype: every key the client sent is data (`constructor`, `__proto__` too).
   */
  query(name: string): string | undefined;
  query(): Record<string, string>;
  query(name?: string): string | undefined | Record<string, string> {
    const params = this.parsedUrl.searchParams;
    if (name !== undefined) return params.get(name) ?? undefined;
    return firstOfEach(params);
  }

  /** Every header, names lower-case, repeated headers joined with `, ` (an object without prototype). */
  headers(): Record<string, string> {
    const out = Object.create(null) as Record<string, string>;
    for (const [name, value] of this.raw.headers) out[name] = value;
    return out;
  }

  /**
   * Content negotiation: the offer the `Accept` header likes best by q-value, or null when it
   * accepts none of them. Offers are short names (`'json'`, `'html'`, `'text'`, `'xml'`, `'csv'`,
   * `'js'`, `'css'`) or media types (`'application/pdf'`); ties go to the earlier offer, and a
   * request without `Accept` gets the first.
   *
   * @example
   * ```ts
   * if (c.req.accepts('html', 'json') === 'json') return { posts };
   * ```
   */
  accepts<T extends string>(...offers: T[]): T | null {
    return bestMatch(this.raw.headers.get('accept'), offers);
  }

  /**
   * The scheme, `http` or `https`: `X-Forwarded-Proto` when PROXY_FIX trusts it, else the URL's.
   */
  get scheme(): string {
    if (this.#scheme === undefined) {
      const hops = this.#settings.proxyFix?.proto ?? 0;
      const forwarded = forwardedValue(this.raw.headers.get('x-forwarded-proto'), hops)?.toLowerCase();
      this.#scheme =
        forwarded === 'http' || forwarded === 'https' ? forwarded : this.parsedUrl.protocol.slice(0, -1);
    }
    return this.#scheme;
  }

  /**
   * The host and port the client asked for (lower-case, without the scheme's default port):
   * `X-Forwarded-Host` and `-Port` when PROXY_FIX trusts them, else the `Host` header. A `Host`
   * that is not a host name or address is a 400.
   */
  get host(): string {
    if (this.#host === undefined) {
      const fix = this.#settings.proxyFix;
      const header = this.raw.headers.get('host') ?? this.parsedUrl.host;
      if (!HOST_PATTERN.test(header)) {
        throw new HTTPError(
          400,
          `The Host header ${JSON.stringify(header.slice(0, 100))} is not a valid host.`,
        );
      }
      let host = header.toLowerCase();
      if (fix) {
        const forwarded = forwardedValue(this.raw.headers.get('x-forwarded-host'), fix.host);
        if (forwarded !== undefined && HOST_PATTERN.test(forwarded)) host = forwarded.toLowerCase();
        const port = forwardedValue(this.raw.headers.get('x-forwarded-port'), fix.port);
        if (port !== undefined && /^\d{1,5}$/.test(port) && Number(port) > 0 && Number(port) < 65536) {
          host = `${host.replace(/:\d*$/, '')}:${Number(port)}`;
        }
      }
      const scheme = this.scheme;
      if ((scheme === 'http' && host.endsWith(':80')) || (scheme === 'https' && host.endsWith(':443'))) {
        host = host.slice(0, host.lastIndexOf(':'));
      }
      this.#host = host;
    }
    return this.#host;
  }

  /**
   * The path the app is mounted under behind a proxy (`X-Forwarded-Prefix` when PROXY_FIX trusts
   * it, e.g. `/blog`), without a trailing slash; '' otherwise. `urlFor` puts it before every path.
   */
  get prefix(): string {
    if (this.#prefix === undefined) {
      const hops = this.#settings.proxyFix?.prefix ?? 0;
      const forwarded = forwardedValue(this.raw.headers.get('x-forwarded-prefix'), hops);
      this.#prefix = (forwarded !== undefined && pathPrefix(forwarded)) || '';
    }
    return this.#prefix;
  }

  /**
   * The client's address: the `X-Forwarded-For` value PROXY_FIX trusts, else the socket's peer
   * address on Node; null where the runtime cannot tell (the test client, runtimes without it).
   * A forwarded value that is not an IP address is ignored.
   */
  get remoteAddr(): string | null {
    if (this.#remoteAddr === undefined) {
      const hops = this.#settings.proxyFix?.for ?? 0;
      const forwarded = forwardedValue(this.raw.headers.get('x-forwarded-for'), hops);
      const trusted = forwarded === undefined ? undefined : ipAddress(forwarded);
      this.#remoteAddr =
        trusted ?? (this.#env as NodeEnv | undefined)?.incoming?.socket?.remoteAddress ?? null;
    }
    return this.#remoteAddr;
  }

  /** Every value of a query-string key. */
  queries(name: string): string[] {
    return this.parsedUrl.searchParams.getAll(name);
  }

  /** A cookie sent with the request (unsigned), or undefined. */
  cookie(name: string): string | undefined {
    this.#cookies ??= parseCookieHeader(this.raw.headers.get('cookie'));
    return this.#cookies.get(name);
  }

  /** The media type of the body, lower-case, without parameters. */
  get mimetype(): string {
    const type = this.raw.headers.get('content-type') ?? '';
    const semi = type.indexOf(';');
    return (semi < 0 ? type : type.slice(0, semi)).trim().toLowerCase();
  }

  /** True when the body is JSON (`application/json` or `+json`). */
  get isJson(): boolean {
    const type = this.mimetype;
    return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
  }

  /** The raw body bytes, read once; 413 over MAX_BODY_SIZE or MAX_CONTENT_LENGTH, checked while reading. */
  bytes(): Promise<Uint8Array> {
    if (!this.#body && this.#form && this.mimetype === 'multipart/form-data') {
      // The multipart form was parsed as it streamed in; its bytes were not kept.
      return Promise.reject(
        new Error(
          'The request body was already read as a multipart form by c.req.formData() (or form()); ' +
            'read it one way: use the form, or call c.req.bytes() before formData().',
        ),
      );
    }
    const { maxBodySize, maxContentLength } = this.#settings.limits;
    this.#body ??= readLimited(
      this.raw,
      smallerCap(maxBodySize, 'MAX_BODY_SIZE', maxContentLength, 'MAX_CONTENT_LENGTH'),
    );
    return this.#body;
  }

  /** The body as UTF-8 text. */
  async text(): Promise<string> {
    return new TextDecoder().decode(await this.bytes());
  }

  /**
   * The body parsed as JSON. A body that is not JSON-typed is a 415; malformed JSON is a 400
   * that says where parsing failed.
   */
  async json<T = unknown>(): Promise<T> {
    if (!this.isJson) {
      throw new HTTPError(
        415,
        `Did not attempt to load JSON data because the request Content-Type was not 'application/json' (got ${JSON.stringify(this.mimetype || 'none')}).`,
      );
    }
    const text = await this.text();
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new HTTPError(400, `Failed to decode JSON object: ${(error as Error).message}`, { cause: error });
    }
  }

  /**
   * The submitted form (urlencoded or multipart) as FormData; 400 when it does not parse, 413
   * over MAX_FORM_PARTS fields, a text field over MAX_FORM_MEMORY_SIZE, uploaded files over
   * MAX_UPLOAD_SIZE, an urlencoded body over MAX_BODY_SIZE or any body over MAX_CONTENT_LENGTH —
   * checked as the body streams in.
   */
  formData(): Promise<FormData> {
    this.#form ??= this.#parseForm();
    return this.#form;
  }

  /**
   * The submitted form as an object of strings (files kept as `File`); a repeated field keeps its
   * first value (use {@link formData} for all). A non-form body gives an empty object, as in Flask.
   * The object has no prototype: every field the client sent is data (`constructor`, `__proto__`).
   */
  async form(): Promise<Record<string, FormValue>> {
    return firstOfEach(await this.formData());
  }

  async #parseForm(): Promise<FormData> {
    const type = this.mimetype;
    const limits = this.#settings.limits;
    if (type === 'application/x-www-form-urlencoded') {
      const text = new TextDecoder().decode(await this.bytes());
      const { maxFormParts, maxFormMemorySize } = limits;
      if (maxFormParts !== null && countPairs(text) > maxFormParts) {
        throw tooLarge({ limit: maxFormParts, key: 'MAX_FORM_PARTS' }, 'The form');
      }
      const data = new FormData();
      for (const [key, value] of new URLSearchParams(text)) {
        if (maxFormMemorySize !== null && overBytes(value, maxFormMemorySize)) {
          throw tooLarge(
            { limit: maxFormMemorySize, key: 'MAX_FORM_MEMORY_SIZE' },
            `The form field ${JSON.stringify(key)}`,
          );
        }
        data.append(key, value);
      }
      return data;
    }
    if (type !== 'multipart/form-data') return new FormData();
    const contentType = this.raw.headers.get('content-type') ?? '';
    if (this.#body) {
      const bytes = await this.#body;
      return parseMultipart(single(bytes), contentType, limits);
    }
    const max = limits.maxContentLength;
    const cap = max === null ? undefined : { limit: max, key: 'MAX_CONTENT_LENGTH' as const };
    checkDeclaredLength(this.raw, cap);
    return parseMultipart(limitedChunks(this.raw.body, cap), contentType, limits);
  }
}

/** The first value of each key, in an object without prototype (every key is data). */
function firstOfEach<V>(entries: Iterable<[string, V]>): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const [key, value] of entries) if (!Object.hasOwn(out, key)) out[key] = value;
  return out;
}

/** The number of `name=value` pairs in an urlencoded body (empty pieces do not count). */
function countPairs(text: string): number {
  if (text === '') return 0;
  let count = 0;
  let start = 0;
  for (;;) {
    const amp = text.indexOf('&', start);
    const end = amp < 0 ? text.length : amp;
    if (end > start) count += 1;
    if (amp < 0) return count;
    start = amp + 1;
  }
}

/** True when a string's UTF-8 form is over `limit` bytes (encoded only when it could be). */
function overBytes(value: string, limit: number): boolean {
  if (value.length > limit) return true;
  return value.length * 3 > limit && new TextEncoder().encode(value).byteLength > limit;
}

async function* single(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}
