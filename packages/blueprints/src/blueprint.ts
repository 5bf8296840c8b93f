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
import {
  checkName,
  describeBlueprint,
  nameClash,
  noSubdomains,
  registeredTwice,
  setupFinished,
} from './internal/messages.js';
import { staticView } from './internal/static-view.js';
import { joinPrefixes, normalizePrefix } from './internal/url-prefix.js';
import { BlueprintSetupState } from './setup-state.js';
import type {
  BlueprintOptions,
  BlueprintRegisterOptions,
  BlueprintRegistration,
  BlueprintRouteOptions,
} from './types.js';

/** An operation recorded on a blueprint and replayed on each registration. */
export type DeferredSetup = (state: BlueprintSetupState) => void;

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

  readonly #deferred: DeferredSetup[] = [];
  readonly #children: { blueprint: Blueprint<E>; options: BlueprintRegisterOptions }[] = [];
  readonly #rules: string[] = [];
  #registered = false;
  #firstName: string | undefined;

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
    if (this.#registered) throw setupFinished(this.name, method.replace(/\(.*$/, ''));
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
    const { endpoint } = options;
    if (endpoint.includes('.')) {
      throw this.setupError(
        `${this.name}.route(${JSON.stringify(rule)}): the endpoint "${endpoint}" may not contain a dot; ` +
          `the blueprint adds "${this.name}." itself.`,
        'bad_endpoint',
      );
    }
    this.#rules.push(rule);
    this.#deferred.push((state) => state.addUrlRule(rule, options, view as unknown as View));
    return this.#ref(endpoint, rule);
  }

  protected addScopedHook(kind: HookKind, hook: AnyHook): void {
    this.#deferred.push((s) => s.app.addHook(kind, hook, s.name));
  }

  protected addScopedErrorHandler(key: ErrorKey, handler: ErrorHandler<E>): void {
    const h = handler as unknown as ErrorHandler;
    this.#deferred.push((s) => s.app.errorHandler(key as ErrorKey<Error>, h, s.name));
  }

  #ref(endpoint: string, rule: string): RouteRef {
    const blueprint = this;
    return Object.freeze({
      rule,
      get endpoint(): string {
        const name = blueprint.#firstName;
        return name === undefined ? `.${endpoint}` : `${name}.${endpoint}`;
      },
    });
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
    const h = handler as unknown as ErrorHandler;
    this.#deferred.push((s) => s.firstRegistration && s.app.errorHandler(key, h, null));
  }

  #appHook(method: string, kind: HookKind, hook: AnyHook): void {
    this.checkHook(method, hook);
    this.#deferred.push((s) => s.firstRegistration && s.app.addHook(kind, hook, null));
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
    this.#deferred.push(fn);
  }

  /** Records an operation to run on the first registration on each app (Flask's `record_once`). */
  recordOnce(fn: DeferredSetup): void {
    this.assertSetup('recordOnce');
    this.#deferred.push((state) => {
      if (state.firstRegistration) fn(state);
    });
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
      this.#nest(target, options);
      return;
    }
    if (!target || typeof target.route !== 'function' || typeof target.addHook !== 'function') {
      throw new BlueprintError(
        `${this.name}.register() needs a Flagon app or a blueprint to nest.`,
        'bad_target',
        this.name,
      );
    }
    this.#registerOn(target, options ?? {}, null);
  }

  #nest(child: Blueprint<E>, options: BlueprintRegisterOptions): void {
    this.assertSetup('register');
    if (child === this || child.#contains(this)) {
      throw new BlueprintError(
        `Cannot register the blueprint "${child.name}" inside "${this.name}": ` +
          (child === this
            ? 'a blueprint cannot be registered on itself.'
            : `"${this.name}" is already inside it.`),
        'blueprint_cycle',
        this.name,
      );
    }
    if (options.name !== undefined) checkName(options.name, 'registration name', child.name);
    if (options.subdomain !== undefined) throw noSubdomains(child.name);
    this.#children.push({ blueprint: child, options: { ...options } });
  }

  #contains(other: Blueprint<E>): boolean {
    return this.#children.some(({ blueprint }) => blueprint === other || blueprint.#contains(other));
  }

  #registerOn(app: Flagon, options: BlueprintRegisterOptions, parent: string | null): void {
    const selfName = options.name ?? this.name;
    if (options.name !== undefined) checkName(options.name, 'registration name', this.name);
    if (options.subdomain !== undefined) throw noSubdomains(this.name);
    const name = parent === null ? selfName : `${parent}.${selfName}`;
    const existing = app.blueprints.get(name);
    if (existing !== undefined) throw this.#clash(name, selfName, existing);
    const firstRegistration = ![...app.blueprints.values()].some(
      (info) => (info as Partial<BlueprintRegistration> | null)?.blueprint === this,
    );
    const urlPrefix = normalizePrefix(options.urlPrefix) ?? this.urlPrefix;
    const urlDefaults = Object.freeze({ ...this.urlValuesDefaults, ...options.urlDefaults });
    const registration: BlueprintRegistration = Object.freeze({
      name,
      blueprint: this,
      parent,
      urlPrefix,
      urlDefaults,
      firstRegistration,
    });
    app.blueprints.set(name, registration);
    this.#registered = true;
    this.#firstName ??= name;
    const state = new BlueprintSetupState({ app, name, urlPrefix, urlDefaults, firstRegistration, options });
    if (this.templateFolder !== null && !app.templateFolders.includes(this.templateFolder)) {
      app.templateFolders.push(this.templateFolder);
    }
    if (this.staticFolder !== null) {
      state.addUrlRule(
        `${this.staticUrlPath}/<path:filename>`,
        { endpoint: 'static' },
        staticView(this.staticFolder) as unknown as View,
      );
    }
    if ((options.ownUrlSpace ?? this.ownUrlSpace) && urlPrefix) app.ownUrlPrefix(urlPrefix, name);
    for (const fn of this.#deferred) fn(state);
    for (const { blueprint: child, options: childOptions } of this.#children) {
      const childPrefix = normalizePrefix(childOptions.urlPrefix) ?? child.urlPrefix;
      child.#registerOn(app, { ...childOptions, urlPrefix: joinPrefixes(urlPrefix, childPrefix) }, name);
    }
  }

  #clash(name: string, selfName: string, existing: unknown): BlueprintError {
    const other = (existing as Partial<BlueprintRegistration> | null)?.blueprint;
    if (other === this) return registeredTwice(name, selfName, this.#describe());
    const otherText =
      other instanceof Blueprint ? other.#describe() : `something else registered as "${name}"`;
    return nameClash(name, this.#describe(), otherText);
  }

  #describe(): string {
    return describeBlueprint(this.name, this.urlPrefix, this.#rules, this.root);
  }
}
