import {
  type AfterRequestHook,
  type AnyHook,
  type AppTypes,
  type BeforeRequestHook,
  type ContextProcessor,
  type ErrorHandler,
  type ErrorKey,
  type Flagon,
  type HookKind,
  type Registrable,
  type RouteRef,
  resolveFolder,
  Scaffold,
  type TeardownHook,
  type UrlDefaultsHook,
  type UrlValuePreprocessor,
  type View,
} from '@flagon/core';
import { BlueprintError } from './blueprint-error.js';
import { checkName, dottedEndpoint, noSubdomains, setupFinished } from './internal/messages.js';
import { BlueprintRecord } from './internal/record.js';
import { normalizePrefix } from './internal/url-prefix.js';
import type {
  BlueprintOptions,
  BlueprintRegisterOptions,
  BlueprintRouteOptions,
  DeferredSetup,
} from './types.js';

/**
 * A component of an app: routes, hooks, error handlers, templates and static files recorded now
 * and replayed onto the app by `app.register(blueprint, options)`, once or several times. Its
 * setup surface (routes, verb shorthands, hooks, error handlers) is core's `Scaffold`, shared
 * with the app: the same calls, checked the same way.
 *
 * @example
 * ```ts
 * const auth = new Blueprint<AppEnv>('auth', { urlPrefix: '/auth' });
 * auth.get('/login', function login(c) { return c.urlFor('.login'); }); // endpoint auth.login
 * app.register(auth);
 * ```
 * @throws BlueprintError when the name is empty or contains a dot, or a subdomain is given.
 */
export class Blueprint<E extends AppTypes = AppTypes>
  extends Scaffold<E, BlueprintRouteOptions>
  implements Registrable<BlueprintRegisterOptions>
{
  /** The blueprint's name: the first part of its endpoints (`auth.login`). */
  readonly name: string;
  /** The URL prefix of every route, or undefined. */
  readonly urlPrefix: string | undefined;
  /** Route defaults for every route (the `urlDefaults` option). */
  readonly urlValuesDefaults: Readonly<Record<string, unknown>>;
  /** The blueprint's folder, or undefined. */
  readonly root: string | undefined;
  /** The absolute templates folder, or null. */
  readonly templateFolder: string | null;
  /** The absolute static folder, or null. */
  readonly staticFolder: string | null;
  /** The URL path of static files under the prefix (default `/static`). */
  readonly staticUrlPath: string;
  /** True when unmatched URLs under the prefix (404, 405) go to this blueprint's error handlers. */
  readonly ownUrlSpace: boolean;

  /** Type-level only: makes nesting type-safe: a child may expect less of the app than its parent. */
  declare readonly __appTypes?: (types: E) => void;

  /** What this blueprint recorded, and its replay on each registration. */
  readonly #record = new BlueprintRecord(this);

  constructor(name: string, options: BlueprintOptions = {}) {
    super();
    checkName(name, 'name', typeof name === 'string' ? name : '?');
    if (options.subdomain !== undefined) throw noSubdomains(name);
    this.name = name;
    this.urlPrefix = normalizePrefix(options.urlPrefix);
    this.urlValuesDefaults = Object.freeze({ ...options.urlDefaults });
    this.root = options.root;
    this.templateFolder = options.templateFolder ? resolveFolder(options.root, options.templateFolder) : null;
    this.staticFolder = options.staticFolder ? resolveFolder(options.root, options.staticFolder) : null;
    this.staticUrlPath = (normalizePrefix(options.staticUrlPath ?? '/static') ?? '').replace(/\/+$/, '');
    this.ownUrlSpace = options.ownUrlSpace === true;
  }

  protected get setupName(): string {
    return this.name;
  }

  protected setupError(message: string, code: string): Error {
    return new BlueprintError(message, code, this.name);
  }

  protected assertSetup(method: string): void {
    if (this.#record.registered) throw setupFinished(this.name, method.replace(/\(.*$/, ''));
  }

  /**
   * Records a route under the blueprint's prefix, with the endpoint `blueprint.view`. A rule
   * without a leading slash joins the prefix as in Flask (`/foo/` + `bar` is `/foo/bar`). The
   * returned ref's endpoint is the full endpoint of the first registration (`.view` until then).
   */
  protected addRoute(
    rule: string,
    options: BlueprintRouteOptions & { endpoint: string },
    view: View<E>,
  ): RouteRef {
    if (options.endpoint.includes('.'))
      throw this.setupError(dottedEndpoint(this.name, rule, options.endpoint), 'bad_endpoint');
    return this.#record.addRoute(rule, options, view as unknown as View);
  }

  protected addScopedHook(kind: HookKind, hook: AnyHook): void {
    this.#record.add((s) => s.app.addHook(kind, hook, s.name));
  }

  protected addScopedErrorHandler(key: ErrorKey, handler: ErrorHandler<E>): void {
    const h = handler as unknown as ErrorHandler;
    this.#record.add((s) => s.app.errorHandler(key as ErrorKey<Error>, h, s.name));
  }

  // --- App-wide hooks registered from the blueprint (once per app) -----------------------------

  /** Like `app.beforeRequest`, for every request of the app. */
  beforeAppRequest(hook: BeforeRequestHook<E>): void {
    this.#appHook('beforeAppRequest', 'beforeRequest', hook);
  }
  /** Like `app.afterRequest`, for every request of the app. */
  afterAppRequest(hook: AfterRequestHook<E>): void {
    this.#appHook('afterAppRequest', 'afterRequest', hook);
  }
  /** Like `app.teardownRequest`, for every request of the app. */
  teardownAppRequest(hook: TeardownHook<E>): void {
    this.#appHook('teardownAppRequest', 'teardownRequest', hook);
  }
  /** Like `app.urlValuePreprocessor`, for every route of the app. */
  appUrlValuePreprocessor(hook: UrlValuePreprocessor<E>): void {
    this.#appHook('appUrlValuePreprocessor', 'urlValuePreprocessor', hook);
  }
  /** Like `app.urlDefaults`, for every endpoint of the app. */
  appUrlDefaults(hook: UrlDefaultsHook<E>): void {
    this.#appHook('appUrlDefaults', 'urlDefaults', hook);
  }
  /** Like `app.contextProcessor`, for every template of the app. */
  appContextProcessor(hook: ContextProcessor<E>): void {
    this.#appHook('appContextProcessor', 'contextProcessor', hook);
  }
  /** Like `app.errorHandler`, for errors anywhere in the app. */
  appErrorHandler<Err extends Error>(key: ErrorKey<Err>, handler: ErrorHandler<E, Err>): void {
    this.checkErrorHandler('appErrorHandler', key, handler);
    this.#record.addOnce((s) => s.app.errorHandler(key, handler as unknown as ErrorHandler, null));
  }

  #appHook(method: string, kind: HookKind, hook: AnyHook): void {
    this.checkHook(method, hook);
    this.#record.addOnce((s) => s.app.addHook(kind, hook, null));
  }

  // --- Recording and registration ------------------------------------------------------------

  /**
   * Records an operation to run on every registration (Flask's `record`), for extensions that
   * need the app or the registration's name.
   *
   * @example
   * ```ts
   * bp.record((state) => state.app.logger.info(`registered as ${state.name}`));
   * ```
   */
  record(fn: DeferredSetup): void {
    this.assertSetup('record');
    this.#record.add(fn);
  }

  /** Records an operation to run on the first registration on each app (Flask's `record_once`). */
  recordOnce(fn: DeferredSetup): void {
    this.assertSetup('recordOnce');
    this.#record.addOnce(fn);
  }

  /**
   * `parent.register(child, options)` nests a blueprint: its endpoints become `parent.child.view`
   * and its prefix joins the parent's. `app.register(blueprint, options)` calls
   * `blueprint.register(app, options)`, which replays everything recorded onto the app.
   *
   * @throws BlueprintError when the name is already registered on the app (by this blueprint or
   * another), when nesting a blueprint in itself, or when this blueprint was already registered.
   */
  register(child: Blueprint<E>, options?: BlueprintRegisterOptions): void;
  register(app: Flagon, options?: BlueprintRegisterOptions): void;
  register(target: Blueprint<E> | Flagon, options: BlueprintRegisterOptions = {}): void {
    if (target instanceof Blueprint) {
      this.assertSetup('register');
      this.#record.nest(target.#record, options);
    } else {
      this.#record.registerOn(target, options ?? {});
    }
  }
}
