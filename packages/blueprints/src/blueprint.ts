import type {
  AfterRequestHook,
  AppTypes,
  BeforeRequestHook,
  ContextProcessor,
  ErrorHandler,
  Flagon,
  HookKind,
  Registrable,
  RouteParams,
  RouteRef,
  TeardownHook,
  UrlDefaultsHook,
  UrlValuePreprocessor,
  View,
} from '@flagon/core';
import { BlueprintError } from './blueprint-error.js';
import { resolveFolder } from './internal/folders.js';
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

type ErrorKey<Err> = number | (abstract new (...args: never[]) => Err);
type ShortOptions = Omit<BlueprintRouteOptions, 'methods'>;
type AnyHook = (...args: never[]) => unknown;

/**
 * A component of an app: routes, hooks, error handlers, templates and static files recorded now
 * and replayed onto the app by `app.register(blueprint, options)`, once or several times.
 *
 * @example
 * ```ts
 * const auth = new Blueprint<AppEnv>('auth', { urlPrefix: '/auth' });
 * auth.get('/login', function login(c) { return c.urlFor('.login'); }); // endpoint auth.login
 * app.register(auth);
 * ```
 * @throws BlueprintError when the name is empty or contains a dot, or a subdomain is given.
 */
export class Blueprint<E extends AppTypes = AppTypes> implements Registrable<BlueprintRegisterOptions> {
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

  /** @internal Makes nesting type-safe: a child may expect less of the app than its parent. */
  declare readonly __appTypes?: (types: E) => void;

  readonly #deferred: DeferredSetup[] = [];
  readonly #children: { blueprint: Blueprint<E>; options: BlueprintRegisterOptions }[] = [];
  readonly #rules: string[] = [];
  #registered = false;
  #firstName: string | undefined;

  constructor(name: string, options: BlueprintOptions = {}) {
    checkName(name, 'name', typeof name === 'string' ? name : '?');
    if (options.subdomain !== undefined) throw noSubdomains(name);
    this.name = name;
    this.urlPrefix = normalizePrefix(options.urlPrefix);
    this.urlValuesDefaults = Object.freeze({ ...options.urlDefaults });
    this.root = options.root;
    this.templateFolder = options.templateFolder ? resolveFolder(options.root, options.templateFolder) : null;
    this.staticFolder = options.staticFolder ? resolveFolder(options.root, options.staticFolder) : null;
    this.staticUrlPath = (normalizePrefix(options.staticUrlPath ?? '/static') ?? '').replace(/\/+$/, '');
  }

  // --- Routing -------------------------------------------------------------------------------

  /**
   * Records a view for a rule under the blueprint's prefix, with the endpoint `blueprint.view`.
   * The returned ref's endpoint is the full endpoint of the blueprint's first registration
   * (`.view`, relative, until it is registered).
   * @throws BlueprintError after the blueprint was registered, or for an endpoint with a dot.
   */
  route<R extends string>(
    rule: R,
    options: BlueprintRouteOptions,
    view: View<E, RouteParams<R>>,
  ): RouteRef<R>;
  route<R extends string>(rule: R, view: View<E, RouteParams<R>>): RouteRef<R>;
  route<R extends string>(
    rule: R,
    a: BlueprintRouteOptions | View<E, RouteParams<R>>,
    b?: View<E, RouteParams<R>>,
  ): RouteRef<R> {
    this.#assertSetup('route');
    const options = typeof a === 'function' ? {} : a;
    const view = typeof a === 'function' ? a : b;
    const where = `${this.name}.route(${JSON.stringify(rule)})`;
    if (typeof rule !== 'string' || (rule !== '' && !rule.startsWith('/'))) {
      throw new BlueprintError(
        `${where}: a rule must start with "/" (or be "" for the prefix itself).`,
        'bad_rule',
        this.name,
      );
    }
    if (typeof view !== 'function')
      throw new BlueprintError(`${where} needs a view function.`, 'no_view', this.name);
    const endpoint = options.endpoint ?? view.name;
    if (!endpoint || endpoint === 'anonymous') {
      throw new BlueprintError(
        `${where}: the view has no name to use as its endpoint. Use a named function ` +
          `(function login(c) {...}) or pass { endpoint: "login" }.`,
        'no_endpoint',
        this.name,
      );
    }
    if (endpoint.includes('.')) {
      throw new BlueprintError(
        `${where}: the endpoint "${endpoint}" may not contain a dot; the blueprint adds "${this.name}." itself.`,
        'bad_endpoint',
        this.name,
      );
    }
    this.#rules.push(rule);
    this.#deferred.push((state) => state.addUrlRule(rule, { ...options, endpoint }, view as unknown as View));
    return this.#ref(endpoint, rule);
  }

  /** Records a GET route. */
  get<R extends string>(rule: R, options: ShortOptions, view: View<E, RouteParams<R>>): RouteRef<R>;
  get<R extends string>(rule: R, view: View<E, RouteParams<R>>): RouteRef<R>;
  get<R extends string>(rule: R, a: ShortOptions | View<E, RouteParams<R>>, b?: View<E, RouteParams<R>>) {
    return this.#shorthand('GET', rule, a, b);
  }
  /** Records a POST route. */
  post<R extends string>(rule: R, options: ShortOptions, view: View<E, RouteParams<R>>): RouteRef<R>;
  post<R extends string>(rule: R, view: View<E, RouteParams<R>>): RouteRef<R>;
  post<R extends string>(rule: R, a: ShortOptions | View<E, RouteParams<R>>, b?: View<E, RouteParams<R>>) {
    return this.#shorthand('POST', rule, a, b);
  }
  /** Records a PUT route. */
  put<R extends string>(rule: R, options: ShortOptions, view: View<E, RouteParams<R>>): RouteRef<R>;
  put<R extends string>(rule: R, view: View<E, RouteParams<R>>): RouteRef<R>;
  put<R extends string>(rule: R, a: ShortOptions | View<E, RouteParams<R>>, b?: View<E, RouteParams<R>>) {
    return this.#shorthand('PUT', rule, a, b);
  }
  /** Records a PATCH route. */
  patch<R extends string>(rule: R, options: ShortOptions, view: View<E, RouteParams<R>>): RouteRef<R>;
  patch<R extends string>(rule: R, view: View<E, RouteParams<R>>): RouteRef<R>;
  patch<R extends string>(rule: R, a: ShortOptions | View<E, RouteParams<R>>, b?: View<E, RouteParams<R>>) {
    return this.#shorthand('PATCH', rule, a, b);
  }
  /** Records a DELETE route. */
  delete<R extends string>(rule: R, options: ShortOptions, view: View<E, RouteParams<R>>): RouteRef<R>;
  delete<R extends string>(rule: R, view: View<E, RouteParams<R>>): RouteRef<R>;
  delete<R extends string>(rule: R, a: ShortOptions | View<E, RouteParams<R>>, b?: View<E, RouteParams<R>>) {
    return this.#shorthand('DELETE', rule, a, b);
  }

  #shorthand<R extends string>(
    method: string,
    rule: R,
    a: ShortOptions | View<E, RouteParams<R>>,
    b?: View<E, RouteParams<R>>,
  ): RouteRef<R> {
    if (typeof a === 'function') return this.route(rule, { methods: [method] }, a);
    return this.route(rule, { ...a, methods: [method] }, b as View<E, RouteParams<R>>);
  }

  #ref<R extends string>(endpoint: string, rule: R): RouteRef<R> {
    const blueprint = this;
    return Object.freeze({
      rule,
      get endpoint(): string {
        const name = blueprint.#firstName;
        return name === undefined ? `.${endpoint}` : `${name}.${endpoint}`;
      },
    });
  }

  // --- Hooks scoped to the blueprint's requests -----------------------------------------------

  /** Runs before each view of this blueprint, after the app's and the parents' hooks. */
  beforeRequest(hook: BeforeRequestHook<E>): void {
    this.#hook('beforeRequest', 'beforeRequest', hook, false);
  }
  /** Runs after each view of this blueprint, before the parents' and the app's hooks. */
  afterRequest(hook: AfterRequestHook<E>): void {
    this.#hook('afterRequest', 'afterRequest', hook, false);
  }
  /** Runs at the end of each request of this blueprint, even after an error. */
  teardownRequest(hook: TeardownHook<E>): void {
    this.#hook('teardownRequest', 'teardownRequest', hook, false);
  }
  /** Changes the matched values of this blueprint's routes before hooks and views run. */
  urlValuePreprocessor(hook: UrlValuePreprocessor<E>): void {
    this.#hook('urlValuePreprocessor', 'urlValuePreprocessor', hook, false);
  }
  /** Fills values in when `urlFor` builds a URL to one of this blueprint's endpoints. */
  urlDefaults(hook: UrlDefaultsHook): void {
    this.#hook('urlDefaults', 'urlDefaults', hook, false);
  }
  /** Adds template variables when rendering in this blueprint's requests. */
  contextProcessor(hook: ContextProcessor<E>): void {
    this.#hook('contextProcessor', 'contextProcessor', hook, false);
  }
  /**
   * Handles errors raised in this blueprint's requests, by status code or class; found before the
   * app's handlers. A routing 404 or 405 belongs to no blueprint and goes to the app's.
   */
  errorHandler<Err extends Error>(key: ErrorKey<Err>, handler: ErrorHandler<E, Err>): void {
    this.#errorHandler('errorHandler', key, handler, false);
  }

  // --- App-wide hooks registered from the blueprint (once per app) -----------------------------

  /** Like `app.beforeRequest`, for every request of the app. */
  beforeAppRequest(hook: BeforeRequestHook<E>): void {
    this.#hook('beforeAppRequest', 'beforeRequest', hook, true);
  }
  /** Like `app.afterRequest`, for every request of the app. */
  afterAppRequest(hook: AfterRequestHook<E>): void {
    this.#hook('afterAppRequest', 'afterRequest', hook, true);
  }
  /** Like `app.teardownRequest`, for every request of the app. */
  teardownAppRequest(hook: TeardownHook<E>): void {
    this.#hook('teardownAppRequest', 'teardownRequest', hook, true);
  }
  /** Like `app.urlValuePreprocessor`, for every route of the app. */
  appUrlValuePreprocessor(hook: UrlValuePreprocessor<E>): void {
    this.#hook('appUrlValuePreprocessor', 'urlValuePreprocessor', hook, true);
  }
  /** Like `app.urlDefaults`, for every endpoint of the app. */
  appUrlDefaults(hook: UrlDefaultsHook): void {
    this.#hook('appUrlDefaults', 'urlDefaults', hook, true);
  }
  /** Like `app.contextProcessor`, for every template of the app. */
  appContextProcessor(hook: ContextProcessor<E>): void {
    this.#hook('appContextProcessor', 'contextProcessor', hook, true);
  }
  /** Like `app.errorHandler`, for errors anywhere in the app. */
  appErrorHandler<Err extends Error>(key: ErrorKey<Err>, handler: ErrorHandler<E, Err>): void {
    this.#errorHandler('appErrorHandler', key, handler, true);
  }

  #hook(method: string, kind: HookKind, hook: AnyHook, appWide: boolean): void {
    this.#assertSetup(method);
    if (typeof hook !== 'function') {
      throw new BlueprintError(
        `${this.name}.${method}() needs a function, got ${typeof hook}.`,
        'bad_hook',
        this.name,
      );
    }
    if (appWide) this.#deferred.push((s) => s.firstRegistration && s.app.addHook(kind, hook, null));
    else this.#deferred.push((s) => s.app.addHook(kind, hook, s.name));
  }

  #errorHandler<Err extends Error>(
    method: string,
    key: ErrorKey<Err>,
    handler: ErrorHandler<E, Err>,
    appWide: boolean,
  ): void {
    this.#assertSetup(method);
    if (typeof key === 'number' && (!Number.isInteger(key) || key < 400 || key > 599)) {
      throw new BlueprintError(
        `${this.name}.${method}(${key}) needs an HTTP error status from 400 to 599, or an Error class.`,
        'bad_error_key',
        this.name,
      );
    }
    const h = handler as unknown as ErrorHandler;
    if (appWide) this.#deferred.push((s) => s.firstRegistration && s.app.errorHandler(key, h, null));
    else this.#deferred.push((s) => s.app.errorHandler(key, h, s.name));
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
    this.#assertSetup('record');
    this.#deferred.push(fn);
  }

  /** Records an operation to run on the first registration on each app (Flask's `record_once`). */
  recordOnce(fn: DeferredSetup): void {
    this.#assertSetup('recordOnce');
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
    this.#assertSetup('register');
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

  #assertSetup(method: string): void {
    if (this.#registered) throw setupFinished(this.name, method);
  }
}
