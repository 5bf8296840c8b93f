import { appFolders, staticView } from './app-folders.js';
import type { AppTypes, ConfigOf, GOf } from './app-types.js';
import { CommandRegistry } from './commands.js';
import { Context } from './context.js';
import { type Converter, type ConverterFactory, DEFAULT_CONVERTERS } from './converters.js';
import { DEFAULT_CONFIG } from './defaults.js';
import { Dispatcher } from './dispatcher.js';
import { SetupError } from './errors.js';
import {
  checkExtension,
  checkRegistrable,
  type Extension,
  type FlagonOptions,
  type Logger,
  type Registrable,
  type TemplateRenderer,
} from './extension-types.js';
import { ErrorHandlerRegistry, type HookKind, HookRegistry, type Scope } from './hooks.js';
import { loadNodeEntry } from './internal/node-entry.js';
import type { ListenOptions, RunningServer } from './node/node-server.js';
import { type FlagonRequest, readRequestSettings } from './request.js';
import { type RouteInfo, RouteTable } from './route-table.js';
import { type AnyHook, Scaffold } from './scaffold.js';
import { assertProductionSecretKey } from './secret-key.js';
import { defineService } from './services.js';
import { CookieSessionStore, type SessionStore } from './session-store.js';
import { type Signer, SignerCache } from './signed-cookie.js';
import { templateContext } from './template-context.js';
import { TestClient, type TestClientOptions } from './test-client.js';
import { buildUrl } from './url-for.js';
import type {
  Awaitable,
  ContextProcessor,
  ErrorHandler,
  ErrorKey,
  RequestContext,
  RouteOptions,
  RouteRef,
  UrlFor,
  UrlForOptions,
  View,
} from './view-types.js';

/**
 * A Flagon application: routes with endpoints, hooks, error handlers and extensions, served
 * through the standard `fetch(request)` entry point. Setup (routes, hooks, config) happens before
 * the first request; the first request freezes the app and builds its request {@link Dispatcher}.
 *
 * @example
 * ```ts
 * import { Flagon } from '@flagon/core';
 * const app = new Flagon({ root: import.meta.dirname });
 * app.get('/', function index() { return 'Hello, World!'; });
 * app.get('/post/<int:id>', function showPost(c) { return { id: c.params.id }; });
 * ```
 */
export class Flagon<E extends AppTypes = AppTypes> extends Scaffold<E, RouteOptions> {
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

  protected readonly setupName = 'app';
  readonly #table = new RouteTable<View<E>>();
  readonly #converters: Record<string, ConverterFactory> = { ...DEFAULT_CONVERTERS };
  readonly #hooks = new HookRegistry();
  readonly #errorHandlers = new ErrorHandlerRegistry<ErrorHandler<E>>();
  readonly #ownedPrefixes: [string, string][] = [];
  readonly #shutdown: (() => Awaitable<void>)[] = [];
  readonly #ContextClass: typeof Context<E>;
  readonly #signers = new SignerCache();
  readonly #urls = { table: this.#table, hooks: this.#hooks, config: () => this.config };
  #dispatcher: Dispatcher<E> | undefined;

  constructor(options: FlagonOptions<E> = {}) {
    super();
    this.name = options.name ?? 'flagon';
    this.root = options.root;
    this.config = { ...DEFAULT_CONFIG, ...(options.config ?? {}) } as ConfigOf<E>;
    this.configSource = options.config;
    this.logger = options.logger ?? console;
    this.#ContextClass = class AppContext extends Context<E> {};
    const folders = appFolders(options);
    if (folders.templateFolder !== null) this.templateFolders.push(folders.templateFolder);
    this.staticFolder = folders.staticFolder;
    this.staticUrlPath = folders.staticUrlPath;
    const statics = this.staticFolder && staticView(this.staticFolder);
    if (statics)
      this.route(`${this.staticUrlPath}/<path:filename>`, { endpoint: 'static' }, statics as never);
  }

  /** True in debug mode (`config.DEBUG`). */
  get debug(): boolean {
    return this.config.DEBUG === true;
  }

  protected setupError(message: string, code: string): Error {
    return new SetupError(message, code);
  }

  protected assertSetup(method: string): void {
    if (this.#dispatcher) {
      throw new SetupError(
        `app.${method} was called after the app handled its first request. Finish setting up the app ` +
          '(routes, hooks, extensions, config) before it serves, e.g. inside createApp().',
        'setup_finished',
      );
    }
  }

  protected addRoute(rule: string, options: RouteOptions & { endpoint: string }, view: View<E>): RouteRef {
    const { endpoint } = options;
    this.#table.add(
      rule,
      {
        methods: options.methods ?? ['GET'],
        endpoint,
        blueprint: options.blueprint ?? null,
        view,
        viewName: view.name,
        defaults: options.defaults,
      },
      this.#converters,
    );
    return Object.freeze({ endpoint, rule });
  }

  protected addScopedHook(kind: HookKind, hook: AnyHook): void {
    this.#hooks.add(kind, null, hook);
  }

  protected addScopedErrorHandler(key: ErrorKey, handler: ErrorHandler<E>): void {
    this.#errorHandlers.add(null, key, handler);
  }

  /**
   * Registers a hook for a scope: null for the whole app, or a dotted blueprint name so that it
   * only runs for that blueprint's requests. This is the door `@flagon/blueprints` uses.
   */
  addHook(kind: HookKind, hook: AnyHook, scope: Scope): void {
    this.checkHook(kind, hook);
    this.#hooks.add(kind, scope, hook);
  }

  /** Handles errors by status code or class, for the app or (with `scope`) one blueprint's requests. */
  override errorHandler<Err extends Error>(
    key: ErrorKey<Err>,
    handler: ErrorHandler<E, Err>,
    scope: Scope = null,
  ): void {
    this.checkErrorHandler('errorHandler', key, handler);
    this.#errorHandlers.add(scope, key, handler as ErrorHandler<E>);
  }

  /**
   * Gives the unmatched URLs under a prefix (404s and 405s) to a blueprint's error handlers, so a
   * blueprint can own its URL space. The door `@flagon/blueprints`' `ownUrlSpace` option uses.
   */
  ownUrlPrefix(prefix: string, scope: string): void {
    this.assertSetup(`ownUrlPrefix(${JSON.stringify(prefix)})`);
    this.#ownedPrefixes.push([prefix, scope]);
  }

  /** Registers a custom converter for rules: `app.converter('hex', hexConverter)`. */
  converter(name: string, converter: Converter | ConverterFactory): void {
    this.assertSetup(`converter(${JSON.stringify(name)})`);
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

  /**
   * Builds a URL outside a request (external URLs need SERVER_NAME). Inside a view use `c.urlFor`,
   * which also resolves `.relative` endpoints and knows the request's host.
   */
  readonly urlFor: UrlFor = (
    target: string | RouteRef,
    values?: Record<string, unknown>,
    options?: UrlForOptions,
  ) => buildUrl(this.#urls, target, values, options, undefined);

  /** @internal Shared by `app.urlFor` and `c.urlFor`. */
  buildUrl(
    target: string | RouteRef<string>,
    values: Record<string, unknown> | undefined,
    options: UrlForOptions | undefined,
    c: Context<E, unknown> | undefined,
  ): string {
    return buildUrl(this.#urls, target, values, options, c);
  }

  /** Adds an extension: calls its `setup(app)` once. A second extension with the same name is an error. */
  use(extension: Extension<E>): this;
  /** An extension written for any app (typed `Extension` without the app's types). */
  use(extension: Extension): this;
  use(extension: Extension<E> | Extension): this {
    this.assertSetup(`use(${extension?.name ?? '?'})`);
    checkExtension(extension, this.extensions);
    this.extensions.set(extension.name, extension as Extension<E>);
    (extension as Extension<E>).setup(this);
    return this;
  }

  /** Registers a blueprint (or any {@link Registrable}): `app.register(auth, { urlPrefix: '/auth' })`. */
  register<O>(item: Registrable<O>, options?: O): this {
    this.assertSetup('register()');
    checkRegistrable(item);
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
    this.assertSetup(`provide(${JSON.stringify(name)})`);
    defineService(this.#ContextClass.prototype, name, factory as (c: object) => unknown);
  }

  /** Runs `fn` when the server shuts down (after in-flight requests finish). */
  onShutdown(fn: () => Awaitable<void>): void {
    this.#shutdown.push(fn);
  }

  /** Runs the shutdown hooks, last registered first. Errors are logged, not thrown. */
  async shutdown(): Promise<void> {
    for (const fn of [...this.#shutdown].reverse()) {
      await Promise.resolve()
        .then(fn)
        .catch((error: unknown) => this.logger.error('Error in a shutdown hook:', error));
    }
  }

  /** A signer keyed by SECRET_KEY (and its fallbacks) for a purpose (`salt`). */
  signer(salt: string): Signer {
    return this.#signers.get(salt, this.config, this.#dispatcher !== undefined);
  }

  /**
   * Throws `SetupError` when the app is not fit to serve: a limit, PROXY_FIX or TRUSTED_HOSTS
   * value that is not valid (named in the message), or in production (debug off) a SECRET_KEY
   * that `weakSecretKeyReason` refuses (missing, a placeholder, under 32 bytes).
   * `listen()` and `flagon serve` call it.
   */
  checkProductionReady(): void {
    readRequestSettings(this.config);
    assertProductionSecretKey(this.config);
  }

  /** The template context for a request: Flask's globals plus every context processor's values. */
  async templateContext(c: Context<E, unknown>): Promise<Record<string, unknown>> {
    return templateContext(
      c,
      this.#hooks.collect<ContextProcessor<E>>('contextProcessor', c.blueprint, 'inward'),
    );
  }

  /** A test client that calls the app without opening a port. */
  testClient(options?: TestClientOptions): TestClient {
    return new TestClient(this as unknown as Flagon, options);
  }

  /**
   * Serves the app on Node, Bun or Deno (see `@flagon/core/node`'s `listen`). The server code is
   * loaded when this is called, so it is never part of a bundle for Workers.
   */
  async listen(options: ListenOptions = {}): Promise<RunningServer> {
    const { listen } = await loadNodeEntry();
    return listen(this as unknown as Flagon, options);
  }

  /**
   * The standard Web entry point: `fetch(request, env)` → response. `env` is the runtime's second
   * argument (on Node, `{ incoming, outgoing }`; on Workers, the bindings), available as `c.env`.
   */
  fetch = (request: Request, env?: unknown): Response | Promise<Response> => {
    const dispatcher = this.#dispatcher ?? this.#freeze();
    return dispatcher.dispatch(request, env);
  };

  /** Calls the app with a path or a Request (Hono's `app.request`). */
  async request(input: string | Request, init?: RequestInit): Promise<Response> {
    const request = typeof input === 'string' ? new Request(new URL(input, 'http://localhost'), init) : input;
    return this.fetch(request);
  }

  /** Ends setup: freezes the config and builds the dispatcher from what was registered. */
  #freeze(): Dispatcher<E> {
    Object.freeze(this.config);
    const ContextClass = this.#ContextClass;
    this.#dispatcher = new Dispatcher<E>({
      app: this,
      table: this.#table,
      hooks: this.#hooks,
      errorHandlers: this.#errorHandlers,
      ownedPrefixes: this.#ownedPrefixes,
      makeContext: (req: FlagonRequest, params, endpoint, blueprint, env) =>
        new ContextClass(this, req, params, endpoint, blueprint, env),
    });
    return this.#dispatcher;
  }

  /** Type-level only: typed access for `RequestContext<E>` users. */
  declare readonly __types?: { g: GOf<E> };
}
