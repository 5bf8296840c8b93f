import type { AppTypes, ConfigOf, GOf, ServicesOf } from './app-types.js';
import { CommandRegistry } from './commands.js';
import { Context } from './context.js';
import { type Converter, type ConverterFactory, DEFAULT_CONVERTERS } from './converters.js';
import { DEFAULT_CONFIG } from './defaults.js';
import { debugPage, errorPage } from './error-page.js';
import { HTTPError, SetupError, UrlBuildError } from './errors.js';
import { ErrorHandlerRegistry, type HookKind, HookRegistry, type Scope } from './hooks.js';
import { FlagonRequest } from './request.js';
import { toResponse, type ViewResult } from './response.js';
import { type RouteEntry, type RouteInfo, RouteTable } from './route-table.js';
import { GENERATE_SECRET_KEY_COMMAND, MIN_SECRET_KEY_BYTES, weakSecretKeyReason } from './secret-key.js';
import { CookieSessionStore, type SessionStore } from './session-store.js';
import { Signer } from './signed-cookie.js';
import { TestClient, type TestClientOptions } from './test-client.js';
import type { RouteParams } from './types.js';

/** The context a view of an app receives: `Context` plus the app's request-scoped services. */
export type RequestContext<E extends AppTypes = AppTypes, P = Record<string, unknown>> = Context<E, P> &
  ServicesOf<E>;

type Awaitable<T> = T | Promise<T>;

/** A view function. */
export type View<E extends AppTypes = AppTypes, P = Record<string, unknown>> = (
  c: RequestContext<E, P>,
) => Awaitable<ViewResult>;
/** Runs before the view; a returned value ends the request with that response. */
export type BeforeRequestHook<E extends AppTypes = AppTypes> = (
  c: RequestContext<E>,
) => Awaitable<ViewResult | undefined | void>;
/** Runs after the view; may return a replacement response. */
export type AfterRequestHook<E extends AppTypes = AppTypes> = (
  c: RequestContext<E>,
  response: Response,
) => Awaitable<Response | undefined | void>;
/**
 * Runs after the after-request hooks and before the session is saved: work that must succeed
 * before the response leaves (a request transaction's commit). `error` is the error raised while
 * handling the request, handled or not. A hook that throws sends the request through the error
 * handlers, and no session change is written.
 */
export type FinalizeHook<E extends AppTypes = AppTypes> = (
  c: RequestContext<E>,
  response: Response,
  error: unknown,
) => Awaitable<void>;
/** Always runs at the end of a request, with the error if one was raised. */
export type TeardownHook<E extends AppTypes = AppTypes> = (
  c: RequestContext<E>,
  error: unknown,
) => Awaitable<void>;
/** Turns an error into a response. */
export type ErrorHandler<E extends AppTypes = AppTypes, Err = unknown> = (
  error: Err,
  c: RequestContext<E>,
) => Awaitable<ViewResult>;
/** Changes the matched values before the view (e.g. pops a language code into `c.g`). */
export type UrlValuePreprocessor<E extends AppTypes = AppTypes> = (
  endpoint: string | null,
  values: Record<string, unknown>,
  c: RequestContext<E>,
) => void;
/**
 * Fills values in for `urlFor` (e.g. the current language code). `c` is the current request's
 * context, or undefined when the URL is built outside a request.
 */
export type UrlDefaultsHook<E extends AppTypes = AppTypes> = (
  endpoint: string,
  values: Record<string, unknown>,
  c: RequestContext<E> | undefined,
) => void;
/** Adds variables to every template's context. */
export type ContextProcessor<E extends AppTypes = AppTypes> = (
  c: RequestContext<E>,
) => Awaitable<Record<string, unknown>>;

/** Options of a route. */
export interface RouteOptions {
  /** HTTP methods; default `['GET']`. HEAD comes with GET, OPTIONS is answered automatically. */
  methods?: readonly string[];
  /** The endpoint name; default the view function's name. */
  endpoint?: string;
  /** Values for parameters the URL does not carry. */
  defaults?: Record<string, unknown>;
  /** The dotted blueprint this route belongs to; set by `@flagon/blueprints`, null for app routes. */
  blueprint?: string | null;
}

/** A registered route, usable as a typed target of `urlFor`. */
export interface RouteRef<R extends string = string> {
  readonly endpoint: string;
  readonly rule: R;
}

/** Options of `urlFor`. */
export interface UrlForOptions {
  /** An absolute URL with scheme and host. */
  external?: boolean;
  /** A `#fragment`. */
  anchor?: string;
  /** Pick the rule of the endpoint that accepts this method. */
  method?: string;
  /** Scheme for an external URL. */
  scheme?: string;
}

/** Renders templates for `c.render`. Implemented by `@flagon/templates`. Stable interface. */
export interface TemplateRenderer {
  render(name: string, context: Record<string, unknown>, c: Context): Awaitable<string>;
}

/** A package that plugs into an app: `app.use(extension)`. Stable interface. */
export interface Extension<E extends AppTypes = AppTypes> {
  readonly name: string;
  setup(app: Flagon<E>): void;
}

/**
 * Something that records itself onto an app when registered, such as a blueprint:
 * `app.register(item, options)` calls `item.register(app, options)`. Stable interface.
 */
export interface Registrable<O = unknown> {
  register(app: Flagon, options?: O): void;
}

/** A logger; `console` by default. */
export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** Options of `new Flagon()`. */
export interface FlagonOptions<E extends AppTypes = AppTypes> {
  /** A name for logs; default 'flagon'. */
  name?: string;
  /** The app's folder, against which `staticFolder` and `templateFolder` resolve (`import.meta.dirname`). */
  root?: string;
  /** The static folder, relative to `root`; null for none. Default 'static'. */
  staticFolder?: string | null;
  /** The URL path of static files. Default '/static'. */
  staticUrlPath?: string;
  /** The templates folder, relative to `root`. Default 'templates'. */
  templateFolder?: string | null;
  /** Configuration; merged over the core's defaults. */
  config?: Partial<ConfigOf<E>>;
  /** Where logs go. Default `console`. */
  logger?: Logger;
}

type AnyHook = (...args: never[]) => unknown;

/**
 * A Flagon application: routes with endpoints, hooks, error handlers and extensions, served
 * through the standard `fetch(request)` entry point.
 *
 * @example
 * ```ts
 * import { Flagon } from '@flagon/core';
 * const app = new Flagon({ root: import.meta.dirname });
 * app.get('/', function index() { return 'Hello, World!'; });
 * app.get('/post/<int:id>', function showPost(c) { return { id: c.params.id }; });
 * ```
 */
export class Flagon<E extends AppTypes = AppTypes> {
  /** The app's name, for logs. */
  readonly name: string;
  /** The app's folder, or undefined. */
  readonly root: string | undefined;
  /** The configuration: mutable during setup, frozen at the first request. */
  config: ConfigOf<E>;
  /**
   * The object passed as `config`, kept as it was given: a config from `@flagon/config`'s
   * `loadConfig` still answers where each value came from (`flagon config` asks it).
   */
  readonly configSource: object | undefined;
  /** Where logs go. */
  logger: Logger;
  /** App-defined commands for `flagon`. */
  readonly cli = new CommandRegistry();
  /** Registered extensions by name. */
  readonly extensions = new Map<string, Extension<E>>();
  /** Registered blueprints by name (filled by @flagon/blueprints). */
  readonly blueprints = new Map<string, unknown>();
  /** Folders searched for templates, in order: the app's, then each blueprint's. */
  readonly templateFolders: string[] = [];
  /** The static folder's absolute path, or null. */
  readonly staticFolder: string | null;
  /** The URL path under which static files are served. */
  readonly staticUrlPath: string;
  /** The template renderer, set by a template extension. */
  renderer: TemplateRenderer | undefined;
  /** Where sessions are kept. Default: a signed cookie. */
  sessionStore: SessionStore = new CookieSessionStore();

  readonly #table = new RouteTable<View<E>>();
  readonly #converters: Record<string, ConverterFactory> = { ...DEFAULT_CONVERTERS };
  readonly #hooks = new HookRegistry();
  readonly #errorHandlers = new ErrorHandlerRegistry<ErrorHandler<E>>();
  readonly #shutdown: (() => Awaitable<void>)[] = [];
  readonly #ContextClass: typeof Context<E>;
  readonly #signers = new Map<string, Signer>();
  #frozen = false;
  #simple = false;
  #maxContentLength: number | null = null;

  constructor(options: FlagonOptions<E> = {}) {
    this.name = options.name ?? 'flagon';
    this.root = options.root;
    this.config = { ...DEFAULT_CONFIG, ...(options.config ?? {}) } as ConfigOf<E>;
    this.configSource = options.config;
    this.logger = options.logger ?? console;
    this.#ContextClass = class AppContext extends Context<E> {};
    const templateFolder = options.templateFolder === undefined ? 'templates' : options.templateFolder;
    if (templateFolder !== null) this.templateFolders.push(joinPath(this.root, templateFolder));
    const staticFolder = options.staticFolder === undefined ? 'static' : options.staticFolder;
    this.staticFolder = staticFolder === null ? null : joinPath(this.root, staticFolder);
    this.staticUrlPath = (options.staticUrlPath ?? '/static').replace(/\/+$/, '');
    if (this.staticFolder !== null) {
      const folder = this.staticFolder;
      this.route(`${this.staticUrlPath}/<path:filename>`, { endpoint: 'static' }, async (c) => {
        const { sendFromDirectory } = await import('./node/static-files.js');
        return sendFromDirectory(c, folder, c.params.filename as string);
      });
    }
  }

  /** True in debug mode (`config.DEBUG`). */
  get debug(): boolean {
    return this.config.DEBUG === true;
  }

  #assertSetup(what: string): void {
    if (this.#frozen) {
      throw new SetupError(
        `${what} was called after the app handled its first request. Finish setting up the app ` +
          '(routes, hooks, extensions, config) before it serves, e.g. inside createApp().',
        'setup_finished',
      );
    }
  }

  // --- Routing -------------------------------------------------------------------------------

  /**
   * Registers a view for a rule. The endpoint defaults to the view's function name.
   * Throws `SetupError` for a malformed rule, an unknown converter, or an endpoint that already
   * belongs to another view.
   */
  route<R extends string>(rule: R, options: RouteOptions, view: View<E, RouteParams<R>>): RouteRef<R>;
  route<R extends string>(rule: R, view: View<E, RouteParams<R>>): RouteRef<R>;
  route<R extends string>(
    rule: R,
    optionsOrView: RouteOptions | View<E, RouteParams<R>>,
    maybeView?: View<E, RouteParams<R>>,
  ): RouteRef<R> {
    this.#assertSetup(`app.route(${JSON.stringify(rule)})`);
    const options = typeof optionsOrView === 'function' ? {} : optionsOrView;
    const view = typeof optionsOrView === 'function' ? optionsOrView : maybeView;
    if (typeof view !== 'function') {
      throw new SetupError(`app.route(${JSON.stringify(rule)}) needs a view function.`, 'no_view');
    }
    const endpoint = options.endpoint ?? view.name;
    if (!endpoint || endpoint === 'anonymous') {
      throw new SetupError(
        `The view for ${rule} has no name to use as its endpoint. Use a named function ` +
          `(function index(c) {...}) or pass { endpoint: "index" }.`,
        'no_endpoint',
      );
    }
    const blueprint = options.blueprint ?? null;
    this.#table.add(
      rule,
      {
        methods: options.methods ?? ['GET'],
        endpoint,
        blueprint,
        view: view as View<E>,
        viewName: view.name,
        defaults: options.defaults,
      },
      this.#converters,
    );
    return Object.freeze({ endpoint, rule });
  }

  /** A GET route. */
  get<R extends string>(
    rule: R,
    options: Omit<RouteOptions, 'methods'>,
    view: View<E, RouteParams<R>>,
  ): RouteRef<R>;
  get<R extends string>(rule: R, view: View<E, RouteParams<R>>): RouteRef<R>;
  get<R extends string>(
    rule: R,
    a: Omit<RouteOptions, 'methods'> | View<E, RouteParams<R>>,
    b?: View<E, RouteParams<R>>,
  ) {
    return this.#shorthand('GET', rule, a, b);
  }
  /** A POST route. */
  post<R extends string>(
    rule: R,
    options: Omit<RouteOptions, 'methods'>,
    view: View<E, RouteParams<R>>,
  ): RouteRef<R>;
  post<R extends string>(rule: R, view: View<E, RouteParams<R>>): RouteRef<R>;
  post<R extends string>(
    rule: R,
    a: Omit<RouteOptions, 'methods'> | View<E, RouteParams<R>>,
    b?: View<E, RouteParams<R>>,
  ) {
    return this.#shorthand('POST', rule, a, b);
  }
  /** A PUT route. */
  put<R extends string>(
    rule: R,
    options: Omit<RouteOptions, 'methods'>,
    view: View<E, RouteParams<R>>,
  ): RouteRef<R>;
  put<R extends string>(rule: R, view: View<E, RouteParams<R>>): RouteRef<R>;
  put<R extends string>(
    rule: R,
    a: Omit<RouteOptions, 'methods'> | View<E, RouteParams<R>>,
    b?: View<E, RouteParams<R>>,
  ) {
    return this.#shorthand('PUT', rule, a, b);
  }
  /** A PATCH route. */
  patch<R extends string>(
    rule: R,
    options: Omit<RouteOptions, 'methods'>,
    view: View<E, RouteParams<R>>,
  ): RouteRef<R>;
  patch<R extends string>(rule: R, view: View<E, RouteParams<R>>): RouteRef<R>;
  patch<R extends string>(
    rule: R,
    a: Omit<RouteOptions, 'methods'> | View<E, RouteParams<R>>,
    b?: View<E, RouteParams<R>>,
  ) {
    return this.#shorthand('PATCH', rule, a, b);
  }
  /** A DELETE route. */
  delete<R extends string>(
    rule: R,
    options: Omit<RouteOptions, 'methods'>,
    view: View<E, RouteParams<R>>,
  ): RouteRef<R>;
  delete<R extends string>(rule: R, view: View<E, RouteParams<R>>): RouteRef<R>;
  delete<R extends string>(
    rule: R,
    a: Omit<RouteOptions, 'methods'> | View<E, RouteParams<R>>,
    b?: View<E, RouteParams<R>>,
  ) {
    return this.#shorthand('DELETE', rule, a, b);
  }

  #shorthand<R extends string>(
    method: string,
    rule: R,
    a: Omit<RouteOptions, 'methods'> | View<E, RouteParams<R>>,
    b?: View<E, RouteParams<R>>,
  ): RouteRef<R> {
    if (typeof a === 'function') return this.route(rule, { methods: [method] }, a);
    return this.route(rule, { ...a, methods: [method] }, b as View<E, RouteParams<R>>);
  }

  /** Registers a custom converter for rules: `app.converter('hex', hexConverter)`. */
  converter(name: string, converter: Converter | ConverterFactory): void {
    this.#assertSetup(`app.converter(${JSON.stringify(name)})`);
    if (!/^[a-zA-Z_]\w*$/.test(name))
      throw new SetupError(`Converter name ${JSON.stringify(name)} is not an identifier.`);
    this.#converters[name] = typeof converter === 'function' ? converter : () => converter;
  }

  /** The route table: endpoint, methods, rule and blueprint of every route. */
  routes(): RouteInfo[] {
    return this.#table.info();
  }

  /** True when the endpoint exists. */
  hasEndpoint(endpoint: string): boolean {
    return this.#table.has(endpoint);
  }

  // --- URL building ----------------------------------------------------------------------------

  /**
   * Builds a URL outside a request (external URLs need SERVER_NAME). Inside a view use `c.urlFor`,
   * which also resolves `.relative` endpoints and knows the request's host.
   */
  urlFor<R extends string>(
    target: RouteRef<R>,
    values?: RouteParams<R> & Record<string, unknown>,
    options?: UrlForOptions,
  ): string;
  urlFor(endpoint: string, values?: Record<string, unknown>, options?: UrlForOptions): string;
  urlFor(
    target: string | RouteRef<string>,
    values?: Record<string, unknown>,
    options?: UrlForOptions,
  ): string {
    return this.buildUrl(target, values, options, undefined);
  }

  /** @internal Shared by `app.urlFor` and `c.urlFor`. */
  buildUrl(
    target: string | RouteRef<string>,
    values: Record<string, unknown> | undefined,
    options: UrlForOptions | undefined,
    c: Context<E, unknown> | undefined,
  ): string {
    let endpoint = typeof target === 'string' ? target : target.endpoint;
    if (endpoint.startsWith('.')) {
      const blueprint = c?.blueprint;
      if (!blueprint && !c) {
        throw new UrlBuildError(
          `Could not build url for "${endpoint}": a relative endpoint needs a request inside a blueprint (use c.urlFor).`,
          endpoint,
        );
      }
      endpoint = blueprint ? `${blueprint}${endpoint}` : endpoint.slice(1);
    }
    const all: Record<string, unknown> = { ...(values ?? {}) };
    if (this.#hooks.has('urlDefaults')) {
      const dot = endpoint.lastIndexOf('.');
      const scope = dot > 0 ? endpoint.slice(0, dot) : null;
      for (const hook of this.#hooks.collect<UrlDefaultsHook<E>>('urlDefaults', scope, 'inward')) {
        hook(endpoint, all, c as RequestContext<E> | undefined);
      }
    }
    const path = this.#table.build(endpoint, all, options?.method);
    const anchor = options?.anchor === undefined ? '' : `#${encodeURIComponent(options.anchor)}`;
    if (!options?.external) return `${path}${anchor}`;
    let origin: string;
    if (c) {
      const url = c.req.parsedUrl;
      origin = `${options.scheme ?? url.protocol.slice(0, -1)}://${url.host}`;
    } else {
      const host = this.config.SERVER_NAME;
      if (!host) {
        throw new UrlBuildError(
          `Could not build an external url for "${endpoint}" outside a request: set SERVER_NAME in the config.`,
          endpoint,
        );
      }
      origin = `${options.scheme ?? this.config.PREFERRED_URL_SCHEME}://${host}`;
    }
    return `${origin}${path}${anchor}`;
  }

  // --- Hooks and errors ------------------------------------------------------------------------

  /** Runs before each request's view, app hooks first; a returned value ends the request. */
  beforeRequest(hook: BeforeRequestHook<E>): void {
    this.addHook('beforeRequest', hook, null);
  }
  /** Runs after each view; may replace the response. Runs in reverse order of registration. */
  afterRequest(hook: AfterRequestHook<E>): void {
    this.addHook('afterRequest', hook, null);
  }
  /**
   * Runs after the after-request hooks, before the session is saved; a failure here is answered
   * by the error handlers (a request transaction commits here).
   */
  finalizeRequest(hook: FinalizeHook<E>): void {
    this.addHook('finalizeRequest', hook, null);
  }
  /** Always runs at the end of a request, even after an error. */
  teardownRequest(hook: TeardownHook<E>): void {
    this.addHook('teardownRequest', hook, null);
  }
  /** Changes matched values before hooks and views run. */
  urlValuePreprocessor(hook: UrlValuePreprocessor<E>): void {
    this.addHook('urlValuePreprocessor', hook, null);
  }
  /** Fills values in for `urlFor`. */
  urlDefaults(hook: UrlDefaultsHook<E>): void {
    this.addHook('urlDefaults', hook, null);
  }
  /** Adds variables to every template's context. */
  contextProcessor(hook: ContextProcessor<E>): void {
    this.addHook('contextProcessor', hook, null);
  }

  /**
   * Registers a hook for a scope: null for the whole app, or a dotted blueprint name so that it
   * only runs for that blueprint's requests. This is the door `@flagon/blueprints` uses.
   */
  addHook(kind: HookKind, hook: AnyHook, scope: Scope): void {
    this.#assertSetup(`app.${kind}()`);
    if (typeof hook !== 'function')
      throw new SetupError(`app.${kind}() needs a function, got ${typeof hook}.`);
    this.#hooks.add(kind, scope, hook);
  }

  /**
   * Handles errors by status code (`404`) or by class (`HTTPError`, `MyError`); scoped to a
   * blueprint when `scope` is given. Handlers return a response like a view.
   */
  errorHandler<Err extends Error>(
    key: number | (abstract new (...args: never[]) => Err),
    handler: ErrorHandler<E, Err>,
    scope: Scope = null,
  ): void {
    this.#assertSetup('app.errorHandler()');
    if (typeof key === 'number' && (!Number.isInteger(key) || key < 400 || key > 599)) {
      throw new SetupError(
        `app.errorHandler(${key}) needs an HTTP error status from 400 to 599, or an Error class.`,
      );
    }
    this.#errorHandlers.add(scope, key, handler as ErrorHandler<E>);
  }

  // --- Extensions ------------------------------------------------------------------------------

  /** Adds an extension: calls its `setup(app)` once. A second extension with the same name is an error. */
  use(extension: Extension<E>): this;
  /** An extension written for any app (typed `Extension` without the app's types). */
  use(extension: Extension): this;
  use(extension: Extension<E> | Extension): this {
    this.#assertSetup(`app.use(${extension?.name ?? '?'})`);
    if (!extension || typeof extension.setup !== 'function' || typeof extension.name !== 'string') {
      throw new SetupError('app.use() needs an extension: an object with a name and a setup(app) function.');
    }
    if (this.extensions.has(extension.name)) {
      throw new SetupError(
        `The extension "${extension.name}" is already registered on this app.`,
        'extension_clash',
      );
    }
    this.extensions.set(extension.name, extension as Extension<E>);
    (extension as Extension<E>).setup(this);
    return this;
  }

  /**
   * Registers a blueprint (or any {@link Registrable}) on the app.
   *
   * @example
   * ```ts
   * app.register(auth, { urlPrefix: '/auth' });
   * ```
   */
  register<O>(item: Registrable<O>, options?: O): this {
    this.#assertSetup('app.register()');
    if (!item || typeof item.register !== 'function') {
      throw new SetupError(
        'app.register() needs a blueprint (an object with a register(app, options) method).',
      );
    }
    item.register(this as unknown as Flagon, options);
    return this;
  }

  /**
   * Adds a request-scoped service: `c[name]`, created by `factory(c)` on first use in a request.
   *
   * @example
   * ```ts
   * app.provide('db', () => db); // views use c.db
   * ```
   */
  provide(name: string, factory: (c: RequestContext<E>) => unknown): void {
    this.#assertSetup(`app.provide(${JSON.stringify(name)})`);
    if (name in this.#ContextClass.prototype) {
      throw new SetupError(
        `A service named "${name}" clashes with an existing context property.`,
        'service_clash',
      );
    }
    Object.defineProperty(this.#ContextClass.prototype, name, {
      configurable: true,
      get(this: RequestContext<E>) {
        const value = factory(this);
        Object.defineProperty(this, name, { value, writable: true, configurable: true });
        return value;
      },
    });
  }

  /** Runs `fn` when the server shuts down (after in-flight requests finish). */
  onShutdown(fn: () => Awaitable<void>): void {
    this.#shutdown.push(fn);
  }

  /** Runs the shutdown hooks, last registered first. Errors are logged, not thrown. */
  async shutdown(): Promise<void> {
    for (const fn of [...this.#shutdown].reverse()) {
      try {
        await fn();
      } catch (error) {
        this.logger.error('Error in a shutdown hook:', error);
      }
    }
  }

  /** A signer keyed by SECRET_KEY (and its fallbacks) for a purpose (`salt`). */
  signer(salt: string): Signer {
    const key = this.config.SECRET_KEY;
    if (!key) {
      throw new SetupError(
        'Signing needs a SECRET_KEY. Set it in instance/config.ts (or the env var with your prefix) to a long random string.',
        'no_secret_key',
      );
    }
    // Once serving, the config is frozen, so the salt alone identifies the signer.
    const cacheKey = this.#frozen
      ? salt
      : `${salt}\u0000${key}\u0000${this.config.SECRET_KEY_FALLBACKS.join('\u0000')}`;
    let signer = this.#signers.get(cacheKey);
    if (!signer) {
      signer = new Signer([key, ...this.config.SECRET_KEY_FALLBACKS], salt);
      this.#signers.set(cacheKey, signer);
    }
    return signer;
  }

  /**
   * Throws `SetupError` when the app is not fit to serve in production: debug off and a
   * SECRET_KEY that `weakSecretKeyReason` refuses (missing, a placeholder, under 32 bytes).
   * `listen()` and `flagon serve` call it.
   */
  checkProductionReady(): void {
    if (this.config.DEBUG || this.config.TESTING) return;
    const weakness = weakSecretKeyReason(this.config.SECRET_KEY);
    if (weakness) {
      throw new SetupError(
        `Refusing to start in production (DEBUG is off): SECRET_KEY ${weakness}. ` +
          `Set SECRET_KEY to a random value of at least ${MIN_SECRET_KEY_BYTES} bytes in instance/config.ts or the environment; ` +
          `generate one with ${GENERATE_SECRET_KEY_COMMAND}. Or turn DEBUG on for local development.`,
        'insecure_secret_key',
      );
    }
  }

  /** The template context for a request: Flask's globals plus every context processor's values. */
  async templateContext(c: Context<E, unknown>): Promise<Record<string, unknown>> {
    const values: Record<string, unknown> = {
      config: this.config,
      request: c.req,
      session: c.session,
      g: c.g,
      urlFor: (endpoint: string, params?: Record<string, unknown>, options?: UrlForOptions) =>
        c.urlFor(endpoint, params, options),
      getFlashedMessages: (options?: { withCategories?: boolean; categoryFilter?: string[] }) =>
        c.getFlashedMessages(options),
    };
    if (this.#hooks.has('contextProcessor')) {
      for (const processor of this.#hooks.collect<ContextProcessor<E>>(
        'contextProcessor',
        c.blueprint,
        'inward',
      )) {
        Object.assign(values, await processor(c as RequestContext<E>));
      }
    }
    return values;
  }

  // --- Serving ---------------------------------------------------------------------------------

  /** A test client that calls the app without opening a port. */
  testClient(options?: TestClientOptions): TestClient {
    return new TestClient(this as unknown as Flagon, options);
  }

  /** Serves the app on Node (see `@flagon/core/node`'s `listen`). */
  async listen(
    options: { host?: string; port?: number; shutdownTimeout?: number; handleSignals?: boolean } = {},
  ) {
    const { listen } = await import('./node/node-server.js');
    return listen(this as unknown as Flagon, options);
  }

  #freeze(): void {
    this.#frozen = true;
    this.#signers.clear();
    const max = this.config.MAX_CONTENT_LENGTH;
    this.#maxContentLength = typeof max === 'number' ? max : null;
    this.#simple = this.#hooks.empty && this.#maxContentLength === null;
    Object.freeze(this.config);
  }

  /** The standard Web entry point: `fetch(request)` → response. */
  fetch = (request: Request): Response | Promise<Response> => {
    if (!this.#frozen) this.#freeze();
    return this.#dispatch(request);
  };

  /** Calls the app with a path or a Request (Hono's `app.request`). */
  async request(input: string | Request, init?: RequestInit): Promise<Response> {
    const request = typeof input === 'string' ? new Request(new URL(input, 'http://localhost'), init) : input;
    return this.fetch(request);
  }

  #dispatch(request: Request): Response | Promise<Response> {
    const url = request.url;
    const start = url.indexOf('/', url.indexOf('://') + 3);
    const q = url.indexOf('?', start);
    const path = start < 0 ? '/' : q < 0 ? url.slice(start) : url.slice(start, q);
    const match = this.#table.match(request.method, path);
    const route = match.kind === 'route' ? match.route : undefined;
    const c = new this.#ContextClass(
      this,
      new FlagonRequest(request, path, this.#maxContentLength),
      match.kind === 'route' ? match.params : {},
      route ? route.endpoint : null,
      route ? route.blueprint : null,
    ) as RequestContext<E>;
    if (route && this.#simple) {
      // Fast path: no hooks and no body limit. A known session cookie is a map lookup, and a
      // synchronous view that leaves the session alone answers without a single promise.
      if (request.headers.has('cookie')) {
        let opened: ReturnType<SessionStore['open']>;
        try {
          opened = this.sessionStore.open(c as Context);
        } catch (error) {
          return this.#fail(error, c, request);
        }
        if (opened instanceof Promise) {
          return opened.then(
            (session) => {
              if (session) c.sessionValue = session as typeof c.sessionValue;
              return this.#fastView(c, route, request);
            },
            (error) => this.#fail(error, c, request),
          );
        }
        if (opened) c.sessionValue = opened as typeof c.sessionValue;
      }
      return this.#fastView(c, route, request);
    }
    return this.#slow(c, match, request);
  }

  #fastView(
    c: RequestContext<E>,
    route: RouteEntry<View<E>>,
    request: Request,
  ): Response | Promise<Response> {
    let result: Awaitable<ViewResult>;
    try {
      result = route.view(c);
    } catch (error) {
      return this.#fail(error, c, request);
    }
    if (result instanceof Promise) {
      return result.then(
        (value) => this.#finish(c, toResponse(value, route.endpoint, c.responseHeaders), request, undefined),
        (error) => this.#fail(error, c, request),
      );
    }
    let response: Response;
    try {
      response = toResponse(result, route.endpoint, c.responseHeaders);
    } catch (error) {
      return this.#fail(error, c, request);
    }
    const session = c.sessionValue;
    if (
      c.afterThisRequest ||
      request.method === 'HEAD' ||
      (session && (session.modified || session.accessed || session.permanent))
    ) {
      return this.#finish(c, response, request, undefined);
    }
    return response;
  }

  async #fail(error: unknown, c: RequestContext<E>, request: Request): Promise<Response> {
    return this.#finish(c, await this.#handleError(error, c, request), request, error);
  }

  async #slow(
    c: RequestContext<E>,
    match: ReturnType<RouteTable<View<E>>['match']>,
    request: Request,
  ): Promise<Response> {
    let response: Response;
    let raised: unknown;
    try {
      response = await this.#run(c, match, request);
    } catch (error) {
      raised = error;
      response = await this.#handleError(error, c, request);
    }
    return this.#finish(c, response, request, raised);
  }

  async #run(
    c: RequestContext<E>,
    match: ReturnType<RouteTable<View<E>>['match']>,
    request: Request,
  ): Promise<Response> {
    if (match.kind === 'redirect') {
      const q = request.url.indexOf('?');
      return new Response(null, {
        status: 308,
        headers: { location: match.location + (q < 0 ? '' : request.url.slice(q)) },
      });
    }
    if (request.headers.has('cookie')) {
      const opened = this.sessionStore.open(c as Context);
      const session = opened instanceof Promise ? await opened : opened;
      if (session) c.sessionValue = session as typeof c.sessionValue;
    }
    if (match.kind === 'none') throw new HTTPError(404);
    if (match.kind === 'method') throw new HTTPError(405, undefined, { headers: { allow: match.allow } });
    if (match.kind === 'options') return new Response(null, { status: 200, headers: { allow: match.allow } });
    if (this.#maxContentLength !== null) {
      const declared = Number(request.headers.get('content-length'));
      if (declared > this.#maxContentLength) {
        throw new HTTPError(
          413,
          `The request body is larger than MAX_CONTENT_LENGTH (${this.#maxContentLength} bytes).`,
        );
      }
    }
    const { route } = match;
    if (this.#hooks.has('urlValuePreprocessor')) {
      for (const hook of this.#hooks.collect<UrlValuePreprocessor<E>>(
        'urlValuePreprocessor',
        route.blueprint,
        'inward',
      )) {
        hook(route.endpoint, c.params as Record<string, unknown>, c);
      }
    }
    if (this.#hooks.has('beforeRequest')) {
      for (const hook of this.#hooks.collect<BeforeRequestHook<E>>(
        'beforeRequest',
        route.blueprint,
        'inward',
      )) {
        let early = hook(c);
        if (early instanceof Promise) early = await early;
        if (early !== undefined) return toResponse(early, route.endpoint, c.responseHeaders);
      }
    }
    const result = route.view(c);
    return toResponse(result instanceof Promise ? await result : result, route.endpoint, c.responseHeaders);
  }

  async #handleError(error: unknown, c: RequestContext<E>, request: Request, depth = 0): Promise<Response> {
    const status = error instanceof HTTPError ? error.status : undefined;
    const handler = this.#errorHandlers.find(error, status, c.blueprint);
    if (handler) {
      try {
        return this.#handlerResponse(await handler(error, c), error, c);
      } catch (inner) {
        if (inner !== error && depth < 3) return this.#handleError(inner, c, request, depth + 1);
        this.logger.error('Error in an error handler:', inner);
      }
    }
    if (error instanceof HTTPError) {
      return error.response ?? errorPage(error, request);
    }
    this.logger.error(
      `Exception on ${request.method} ${c.req.path} [${c.endpoint ?? 'no endpoint'}]:`,
      error,
    );
    const internal = new HTTPError(500, undefined, { cause: error });
    const fallback = this.#errorHandlers.find(internal, 500, c.blueprint);
    if (fallback) {
      try {
        return this.#handlerResponse(await fallback(internal, c), internal, c);
      } catch (inner) {
        this.logger.error('Error in the 500 handler:', inner);
      }
    }
    if (this.debug) return debugPage(error, request, c.endpoint);
    return errorPage(internal, request);
  }

  /** An error handler's result keeps the error's status unless it sets its own (a Response or a tuple). */
  #handlerResponse(result: ViewResult, error: unknown, c: RequestContext<E>): Response {
    const response = toResponse(result, c.endpoint, c.responseHeaders);
    if (error instanceof HTTPError && !(result instanceof Response) && !Array.isArray(result)) {
      return new Response(response.body, {
        status: error.status,
        headers: mergeHeaders(response.headers, error.headers),
      });
    }
    return response;
  }

  async #finish(
    c: RequestContext<E>,
    response: Response,
    request: Request,
    raised: unknown,
  ): Promise<Response> {
    let error = raised;
    try {
      if (c.afterThisRequest) {
        for (const fn of c.afterThisRequest) response = (await fn(response)) ?? response;
      }
      if (this.#hooks.has('afterRequest')) {
        for (const hook of this.#hooks.collect<AfterRequestHook<E>>('afterRequest', c.blueprint, 'outward')) {
          const replaced = hook(c, response);
          response = (replaced instanceof Promise ? await replaced : replaced) ?? response;
        }
      }
      if (this.#hooks.has('finalizeRequest')) {
        for (const hook of this.#hooks.collect<FinalizeHook<E>>('finalizeRequest', c.blueprint, 'outward')) {
          const done = hook(c, response, raised);
          if (done instanceof Promise) await done;
        }
      }
      if (
        c.sessionValue &&
        (c.sessionValue.modified || c.sessionValue.accessed || c.sessionValue.permanent)
      ) {
        try {
          await this.sessionStore.save(c as Context, c.sessionValue as never, response);
        } catch (error) {
          // Responses from Response.redirect() or fetch() have immutable headers: copy and retry.
          if (!(error instanceof TypeError) || !isImmutable(response)) throw error;
          response = new Response(response.body, response);
          await this.sessionStore.save(c as Context, c.sessionValue as never, response);
        }
      }
    } catch (afterError) {
      error = afterError;
      response = await this.#handleError(afterError, c, request);
    }
    if (this.#hooks.has('teardownRequest')) {
      for (const hook of this.#hooks.collect<TeardownHook<E>>('teardownRequest', c.blueprint, 'outward')) {
        try {
          const done = hook(c, error);
          if (done instanceof Promise) await done;
        } catch (teardownError) {
          this.logger.error('Error in a teardown hook:', teardownError);
        }
      }
    }
    if (request.method === 'HEAD' && response.body) {
      response = new Response(null, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
    return response;
  }

  /** @internal Typed access for `RequestContext<E>` users. */
  declare readonly __types?: { g: GOf<E> };
}

function mergeHeaders(a: Headers, b: Headers): Headers {
  const out = new Headers(a);
  for (const [k, v] of b) out.set(k, v);
  return out;
}

/** True for responses whose headers cannot change (made by `Response.redirect` or `fetch`). */
function isImmutable(response: Response): boolean {
  try {
    response.headers.append('x-flagon-probe', '1');
    response.headers.delete('x-flagon-probe');
    return false;
  } catch {
    return true;
  }
}

function joinPath(root: string | undefined, folder: string): string {
  if (folder.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(folder)) return folder;
  const base = root ?? (globalThis as { process?: { cwd(): string } }).process?.cwd() ?? '.';
  return `${base.replace(/[\\/]+$/, '')}/${folder}`;
}
