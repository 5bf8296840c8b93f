import type { Flagon } from './app.js';
import { parseCookieHeader } from './cookies.js';
import { Session } from './session.js';
import { decodeJson, encodeJson } from './signed-cookie.js';

/** Options of `app.testClient()`. */
export interface TestClientOptions {
  /** Follow redirects by default. Default false. */
  followRedirects?: boolean;
  /** The origin requests are made to. Default `http://localhost`. */
  baseUrl?: string;
  /**
   * Sends each request; default the app's own `app.fetch`, in-process. Pass `fetch` with a
   * `baseUrl` to run the same tests against the app served elsewhere (by Bun, Deno or workerd):
   * redirects are never followed by `fetch` itself, and `session()` decodes the cookie with this
   * app's secret key.
   *
   * @example
   * ```ts
   * const client = app.testClient({ baseUrl: 'http://127.0.0.1:8787', fetch });
   * ```
   */
  fetch?: (request: Request) => Response | Promise<Response>;
}

/** Options of one test request. */
export interface TestRequestOptions {
  /** Query-string values. */
  query?: Record<string, string | number | boolean>;
  headers?: Record<string, string>;
  /** An urlencoded form body (or multipart when a value is a Blob). */
  form?: Record<string, string | number | boolean | Blob>;
  /** A JSON body. */
  json?: unknown;
  /** A raw body. */
  body?: BodyInit;
  /** Follow redirects for this request. */
  followRedirects?: boolean;
}

/** A response with its body already read, for easy assertions. */
export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The body as text. */
  readonly text: string;
  /** The `Location` header, if any. */
  readonly location: string | undefined;
  /** The body parsed as JSON. */
  json<T = unknown>(): T;
  /** Every URL visited when redirects were followed, oldest first. */
  readonly history: readonly string[];
  /** The URL that gave this response: after redirects were followed, the last one requested. */
  readonly url: string;
  /** The raw response. */
  readonly raw: Response;
}

interface StoredCookie {
  value: string;
  path: string;
}

/**
 * Calls an app in-process with a cookie jar, like Flask's `app.test_client()`.
 *
 * @example
 * ```ts
 * const client = app.testClient();
 * const res = await client.post('/auth/login', { form: { username: 'test', password: 'test' } });
 * expect(res.location).toBe('/');
 * expect((await client.session()).userId).toBe(1);
 * ```
 */
export class TestClient {
  readonly #app: Flagon;
  readonly #options: TestClientOptions;
  readonly #jar = new Map<string, StoredCookie>();

  constructor(app: Flagon, options: TestClientOptions = {}) {
    this.#app = app;
    this.#options = options;
  }

  get(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('GET', path, options);
  }
  post(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('POST', path, options);
  }
  put(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('PUT', path, options);
  }
  patch(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('PATCH', path, options);
  }
  delete(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('DELETE', path, options);
  }
  head(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('HEAD', path, options);
  }
  options(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('OPTIONS', path, options);
  }

  /** Sends a request; follows redirects (as GET after 301/302/303) when asked. */
  async request(method: string, path: string, options: TestRequestOptions = {}): Promise<TestResponse> {
    const history: string[] = [];
    let [response, url] = await this.#send(method, path, options);
    const follow = options.followRedirects ?? this.#options.followRedirects ?? false;
    let hops = 0;
    while (follow && response.status >= 300 && response.status < 400 && response.headers.has('location')) {
      if (++hops > 20) throw new Error(`Too many redirects (over 20) starting at ${method} ${path}.`);
      history.push(path);
      const location = response.headers.get('location') as string;
      const next = new URL(location, new URL(path, this.#base()));
      path = `${next.pathname}${next.search}`;
      const keep = response.status === 307 || response.status === 308;
      method = keep ? method : 'GET';
      [response, url] = await this.#send(method, path, keep ? options : { headers: options.headers });
    }
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      location: response.headers.get('location') ?? undefined,
      json: <T>() => JSON.parse(text) as T,
      history,
      url,
      raw: response,
    };
  }

  #base(): string {
    return this.#options.baseUrl ?? 'http://localhost';
  }

  async #send(method: string, path: string, options: TestRequestOptions): Promise<[Response, string]> {
    const url = new URL(path, this.#base());
    for (const [key, value] of Object.entries(options.query ?? {}))
      url.searchParams.append(key, String(value));
    const headers = new Headers(options.headers);
    let body: BodyInit | undefined = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    } else if (options.form) {
      const hasFile = Object.values(options.form).some((v) => v instanceof Blob);
      if (hasFile) {
        const data = new FormData();
        for (const [key, value] of Object.entries(options.form))
          data.append(key, value instanceof Blob ? value : String(value));
        body = data;
      } else {
        body = new URLSearchParams(Object.entries(options.form).map(([k, v]) => [k, String(v)]));
      }
    }
    if (body instanceof FormData) {
      // Encode multipart bodies up front, as a browser does: a body the app stops reading early
      // (413) must not leave fetch's internal FormData writer failing in the background.
      const encoded = new Response(body);
      headers.set('content-type', encoded.headers.get('content-type') ?? 'multipart/form-data');
      body = new Uint8Array(await encoded.arrayBuffer());
    }
    const cookie = this.#cookieHeader(url.pathname);
    if (cookie && !headers.has('cookie')) headers.set('cookie', cookie);
    const request = new Request(url, { method, headers, body: body ?? null, redirect: 'manual' });
    const response = await (this.#options.fetch ?? this.#app.fetch)(request);
    this.#store(response.headers.getSetCookie());
    return [response, url.href];
  }

  #cookieHeader(path: string): string {
    const pairs: string[] = [];
    for (const [name, cookie] of this.#jar)
      if (path.startsWith(cookie.path)) pairs.push(`${name}=${cookie.value}`);
    return pairs.join('; ');
  }

  #store(setCookies: string[]): void {
    for (const header of setCookies) {
      const [pair = '', ...attributes] = header.split(';');
      const at = pair.indexOf('=');
      if (at <= 0) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      let path = '/';
      let expired = false;
      for (const attribute of attributes) {
        const [key = '', val = ''] = attribute.trim().split('=');
        const k = key.toLowerCase();
        if (k === 'path') path = val || '/';
        if (k === 'max-age' && Number(val) <= 0) expired = true;
        if (k === 'expires' && Date.parse(val) < Date.now()) expired = true;
      }
      if (expired) this.#jar.delete(name);
      else this.#jar.set(name, { value, path });
    }
  }

  /** A cookie's value in the jar. */
  cookie(name: string): string | undefined {
    const stored = this.#jar.get(name)?.value;
    return stored === undefined ? undefined : parseCookieHeader(`${name}=${stored}`).get(name);
  }

  /** Sets a cookie in the jar. */
  setCookie(name: string, value: string, path = '/'): void {
    this.#jar.set(name, { value: encodeURIComponent(value), path });
  }

  /** Removes a cookie from the jar. */
  deleteCookie(name: string): void {
    this.#jar.delete(name);
  }

  /** The session the jar's cookie holds now, decoded and verified (empty if none or invalid). */
  async session(): Promise<Record<string, unknown>> {
    const raw = this.cookie(this.#app.config.SESSION_COOKIE_NAME);
    if (raw === undefined) return {};
    const payload = await this.#app.signer('flagon.session').unsign(raw);
    const data = payload === undefined ? undefined : decodeJson(payload);
    return data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  }

  /**
   * Changes the session in the jar, like Flask's `session_transaction()`.
   *
   * @example
   * ```ts
   * await client.withSession((s) => s.set('userId', 1));
   * ```
   */
  async withSession(change: (session: Session) => void | Promise<void>): Promise<void> {
    const session = new Session(await this.session(), false);
    await change(session);
    const value = await this.#app.signer('flagon.session').sign(encodeJson(session.toJSON()));
    this.setCookie(this.#app.config.SESSION_COOKIE_NAME, value, this.#app.config.SESSION_COOKIE_PATH);
  }
}
