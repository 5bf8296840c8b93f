import type { Flagon } from './app.js';
import type { AppTypes, ConfigOf, GOf, SessionOf } from './app-types.js';
import { type CookieOptions, serializeCookie } from './cookies.js';
import { abort, SetupError } from './errors.js';
import { redirectLocation } from './redirect-location.js';
import type { FlagonRequest } from './request.js';
import { jsonResponse, plainResponse, redirectResponse } from './response.js';
import { Session } from './session.js';
import type { RouteRef, UrlFor, UrlForOptions } from './view-types.js';

/** A flashed message with its category. */
export interface FlashedMessage {
  readonly category: string;
  readonly message: string;
}

/** Options for {@link Context.getFlashedMessages}. */
export interface FlashOptions {
  /** Return `{ category, message }` objects instead of strings. */
  withCategories?: boolean;
  /** Only these categories. */
  categoryFilter?: readonly string[];
}

/**
 * The request context `c` that views, hooks and error handlers receive: the request, the
 * converted route parameters, the per-request `g`, the session, and the helpers Flask users
 * reach for (`urlFor`, `render`, `flash`, `redirect`, `abort`).
 */
export class Context<E extends AppTypes = AppTypes, P = Record<string, unknown>> {
  /** The app handling the request. */
  readonly app: Flagon<E>;
  /** The request. */
  readonly req: FlagonRequest;
  /** Route parameters, converted by their converters (`<int:id>` is a number). */
  params: P;
  #g: GOf<E> | undefined;
  /** The matched endpoint, or null when routing failed. */
  readonly endpoint: string | null;
  /**
   * The dotted blueprint name of the matched route (or of the blueprint that owns an unmatched
   * URL), or null.
   */
  readonly blueprint: string | null;
  /**
   * The runtime's second `fetch` argument: on Node `{ incoming, outgoing }` (@hono/node-server),
   * on Workers the bindings; undefined when the app is called with a request alone.
   */
  readonly env: unknown;
  /** @internal Headers added to the response (`c.header`, cookies). */
  responseHeaders: Headers | undefined;
  /** @internal */
  sessionValue: Session<SessionOf<E>> | undefined;
  /** @internal The values of the app's services (`app.provide`) made in this request, by name. */
  serviceValues: Map<string, unknown> | undefined;
  /** @internal Functions to run on the response, registered with {@link after}. */
  afterThisRequest:
    | ((response: Response) => Response | undefined | Promise<Response | undefined>)[]
    | undefined;
  #flashes: FlashedMessage[] | undefined;

  constructor(
    app: Flagon<E>,
    req: FlagonRequest,
    params: P,
    endpoint: string | null,
    blueprint: string | null,
    env?: unknown,
  ) {
    this.app = app;
    this.env = env;
    this.req = req;
    this.params = params;
    this.endpoint = endpoint;
    this.blueprint = blueprint;
  }

  /** Per-request storage, like Flask's `g` (made on first use). */
  get g(): GOf<E> {
    this.#g ??= {} as GOf<E>;
    return this.#g;
  }

  /** The app's configuration. */
  get config(): ConfigOf<E> {
    return this.app.config;
  }

  /**
   * The session (signed cookie by default). A store that can open it without waiting (the cookie
   * store on Node, Bun and Deno) opens it here, on first use.
   */
  get session(): Session<SessionOf<E>> {
    this.sessionValue ??= (this.app.sessionStore.openSync?.(this as Context) ?? new Session()) as Session<
      SessionOf<E>
    >;
    return this.sessionValue;
  }

  /**
   * Builds a URL for an endpoint, like Flask's `url_for`. Names starting with `.` resolve inside
   * the current blueprint. Extra values become the query string.
   * Throws `UrlBuildError` for an unknown endpoint or a missing or unconvertible parameter.
   */
  declare readonly urlFor: UrlFor;

  /**
   * Renders a template through the renderer a template extension registered (`@flagon/templates`).
   * Returns the HTML; return it from the view.
   */
  async render(template: string, context: Record<string, unknown> = {}): Promise<string> {
    const renderer = this.app.renderer;
    if (!renderer) {
      throw new SetupError(
        `c.render(${JSON.stringify(template)}) needs a template renderer, and none is registered. ` +
          "Add one with app.use(templates()) from '@flagon/templates'.",
        'no_renderer',
      );
    }
    return renderer.render(template, context, this as unknown as Context);
  }

  /** Flashes a message to the next request (stored in the session). */
  flash(message: string, category = 'message'): void {
    const list = (this.session.internal('_flashes') as [string, string][] | undefined) ?? [];
    list.push([category, message]);
    this.session.setInternal('_flashes', list);
  }

  /** Messages flashed by earlier requests; read once, then removed from the session. */
  getFlashedMessages(options: FlashOptions & { withCategories: true }): FlashedMessage[];
  getFlashedMessages(options?: FlashOptions): string[];
  getFlashedMessages(options: FlashOptions = {}): (string | FlashedMessage)[] {
    if (!this.#flashes) {
      const stored = this.session.internal('_flashes') as [string, string][] | undefined;
      this.#flashes = (stored ?? []).map(([category, message]) => ({ category, message }));
      if (stored) this.session.setInternal('_flashes', undefined);
    }
    let list = this.#flashes;
    if (options.categoryFilter) list = list.filter((f) => options.categoryFilter?.includes(f.category));
    return options.withCategories ? list : list.map((f) => f.message);
  }

  /**
   * A redirect to a URL (anything with `/` or `:`) or to an endpoint (`'index'`, `'.login'`).
   * The status defaults to 302 after GET and HEAD and to 303 See Other after any other method
   * (a POST's answer is fetched with GET); an explicit status wins. Non-ASCII in the target is
   * percent-encoded (`%XX` stays); a control character (CR, LF, NUL) throws a `TypeError`, which
   * the error handlers turn into a 500 — never a split header.
   *
   * @example
   * ```ts
   * return c.redirect('auth.login');
   * ```
   */
  redirect(target: string, status?: number, values?: Record<string, unknown>): Response {
    const location = target.includes('/') || target.includes(':') ? target : this.urlFor(target, values);
    const method = this.req.method;
    return redirectResponse(
      redirectLocation(location),
      status ?? (method === 'GET' || method === 'HEAD' ? 302 : 303),
    );
  }

  /** Throws an `HTTPError`: `c.abort(404)`. */
  abort(status: number, message?: string): never {
    return abort(status, message);
  }

  /** A JSON response. */
  json(value: unknown, status = 200, headers?: HeadersInit): Response {
    if (!headers) return plainResponse(JSON.stringify(value), status, 'application/json', this.#sessionRead);
    return jsonResponse(value, status, headers);
  }

  /** A text/plain response. */
  text(body: string, status = 200, headers?: HeadersInit): Response {
    if (!headers) return plainResponse(body, status, 'text/plain; charset=utf-8', this.#sessionRead);
    const h = new Headers(headers);
    if (!h.has('content-type')) h.set('content-type', 'text/plain; charset=utf-8');
    return new Response(body, { status, headers: h });
  }

  /** A text/html response. */
  html(body: string, status = 200, headers?: HeadersInit): Response {
    if (!headers) return plainResponse(body, status, 'text/html; charset=utf-8', this.#sessionRead);
    const h = new Headers(headers);
    if (!h.has('content-type')) h.set('content-type', 'text/html; charset=utf-8');
    return new Response(body, { status, headers: h });
  }

  /** True once this request read its session: its responses vary on Cookie. */
  get #sessionRead(): boolean {
    return this.sessionValue?.accessed === true;
  }

  /** Sets a header on whatever response this request ends with. */
  header(name: string, value: string): void {
    this.responseHeaders ??= new Headers();
    this.responseHeaders.set(name, value);
  }

  /** Runs `fn` on this request's response, like Flask's `after_this_request`. */
  after(fn: (response: Response) => Response | undefined | Promise<Response | undefined>): void {
    this.afterThisRequest ??= [];
    this.afterThisRequest.push(fn);
  }

  /** A cookie sent with the request. */
  cookie(name: string): string | undefined {
    return this.req.cookie(name);
  }

  /** Sets a cookie on the response. */
  setCookie(name: string, value: string, options: CookieOptions = {}): void {
    this.responseHeaders ??= new Headers();
    this.responseHeaders.append('set-cookie', serializeCookie(name, value, options));
  }

  /** Deletes a cookie (sets it expired). */
  deleteCookie(name: string, options: Pick<CookieOptions, 'path' | 'domain'> = {}): void {
    this.setCookie(name, '', { ...options, maxAge: 0, expires: new Date(0) });
  }

  /** A cookie set with {@link setSignedCookie}, verified with SECRET_KEY; undefined if missing or tampered. */
  async signedCookie(name: string, maxAgeSeconds?: number): Promise<string | undefined> {
    const raw = this.req.cookie(name);
    if (raw === undefined) return undefined;
    return this.app.signer('flagon.cookie').unsign(raw, maxAgeSeconds);
  }

  /** Sets a cookie signed with SECRET_KEY. */
  async setSignedCookie(name: string, value: string, options: CookieOptions = {}): Promise<void> {
    this.setCookie(name, await this.app.signer('flagon.cookie').sign(value), options);
  }
}

// One implementation on the prototype, typed once by `UrlFor` (shared with `app.urlFor`).
Object.defineProperty(Context.prototype, 'urlFor', {
  configurable: true,
  writable: true,
  value: function urlFor(
    this: Context,
    target: string | RouteRef,
    values?: Record<string, unknown>,
    options?: UrlForOptions,
  ): string {
    return this.app.buildUrl(target, values, options, this);
  },
});
