import type { AppTypes } from './app-types.js';
import type { HookKind } from './hooks.js';
import type { RouteParams } from './types.js';
import type {
  AfterRequestHook,
  BeforeRequestHook,
  ContextProcessor,
  ErrorHandler,
  ErrorKey,
  FinalizeHook,
  RouteOptions,
  RouteRef,
  TeardownHook,
  UrlDefaultsHook,
  UrlValuePreprocessor,
  View,
} from './view-types.js';

/** Any hook function, whatever its kind. */
export type AnyHook = (...args: never[]) => unknown;

/** A verb shorthand, `app.get(rule, view)` or `app.get(rule, options, view)`, typed once. */
export interface RouteShorthand<E extends AppTypes, O> {
  <R extends string>(rule: R, options: O, view: View<E, RouteParams<R>>): RouteRef<R>;
  <R extends string>(rule: R, view: View<E, RouteParams<R>>): RouteRef<R>;
}

/** Route options without the methods, for the verb shorthands. */
type VerbOptions<O> = Omit<O, 'methods'>;

/**
 * The setup surface that an app and a blueprint share (Flask's `Scaffold`): routes, the verb
 * shorthands, lifecycle hooks and error handlers. Every call is checked here, once; what happens
 * to a checked call is the subclass's: the app applies it at once, a blueprint records it and
 * replays it on registration.
 */
export abstract class Scaffold<E extends AppTypes, O extends Omit<RouteOptions, 'blueprint'>> {
  /** How setup errors name this object: `app`, or a blueprint's name. */
  protected abstract readonly setupName: string;
  /** The error a bad setup call throws (`SetupError`, `BlueprintError`). */
  protected abstract setupError(message: string, code: string): Error;
  /** Throws when setup is over (the app serves, the blueprint is registered). */
  protected abstract assertSetup(method: string): void;
  /** Applies or records a checked route. */
  protected abstract addRoute(rule: string, options: O & { endpoint: string }, view: View<E>): RouteRef;
  /** Applies or records a checked hook for this scaffold's own requests. */
  protected abstract addScopedHook(kind: HookKind, hook: AnyHook): void;
  /** Applies or records a checked error handler for this scaffold's own requests. */
  protected abstract addScopedErrorHandler(key: ErrorKey, handler: ErrorHandler<E>): void;

  /**
   * Registers a view for a rule. The endpoint defaults to the view's function name.
   * Throws a setup error for a missing view or endpoint, a malformed rule, an unknown converter,
   * or an endpoint that already belongs to another view.
   */
  route<R extends string>(rule: R, options: O, view: View<E, RouteParams<R>>): RouteRef<R>;
  route<R extends string>(rule: R, view: View<E, RouteParams<R>>): RouteRef<R>;
  route<R extends string>(rule: R, a: O | View<E, RouteParams<R>>, b?: View<E, RouteParams<R>>): RouteRef<R> {
    const where = `${this.setupName}.route(${JSON.stringify(rule)})`;
    this.assertSetup(`route(${JSON.stringify(rule)})`);
    const options = (typeof a === 'function' ? {} : (a ?? {})) as O;
    const view = typeof a === 'function' ? a : b;
    if (typeof rule !== 'string') throw this.setupError(`${where}: a rule must be a string.`, 'bad_rule');
    if (typeof view !== 'function') throw this.setupError(`${where} needs a view function.`, 'no_view');
    const endpoint = options.endpoint ?? view.name;
    if (!endpoint || endpoint === 'anonymous') {
      throw this.setupError(
        `${where}: the view has no name to use as its endpoint. Use a named function ` +
          `(function index(c) {...}) or pass { endpoint: "index" }.`,
        'no_endpoint',
      );
    }
    return this.addRoute(rule, { ...options, endpoint }, view as View<E>) as RouteRef<R>;
  }

  /** A GET route (HEAD comes with it). */
  readonly get: RouteShorthand<E, VerbOptions<O>> = this.#verb('GET');
  /** A POST route. */
  readonly post: RouteShorthand<E, VerbOptions<O>> = this.#verb('POST');
  /** A PUT route. */
  readonly put: RouteShorthand<E, VerbOptions<O>> = this.#verb('PUT');
  /** A PATCH route. */
  readonly patch: RouteShorthand<E, VerbOptions<O>> = this.#verb('PATCH');
  /** A DELETE route. */
  readonly delete: RouteShorthand<E, VerbOptions<O>> = this.#verb('DELETE');

  #verb(method: string): RouteShorthand<E, VerbOptions<O>> {
    return ((rule: string, a: VerbOptions<O> | View<E>, b?: View<E>) =>
      typeof a === 'function'
        ? this.route(rule, { methods: [method] } as unknown as O, a)
        : this.route(rule, { ...a, methods: [method] } as unknown as O, b as View<E>)) as RouteShorthand<
      E,
      VerbOptions<O>
    >;
  }

  /** Runs before each view, outermost scope first; a returned value ends the request. */
  beforeRequest(hook: BeforeRequestHook<E>): void {
    this.#hook('beforeRequest', hook);
  }
  /** Runs after each view, innermost scope first and in reverse order; may replace the response. */
  afterRequest(hook: AfterRequestHook<E>): void {
    this.#hook('afterRequest', hook);
  }
  /**
   * Runs after the after-request hooks, before the session is saved; a failure here is answered
   * by the error handlers and writes no session change (a request transaction commits here).
   */
  finalizeRequest(hook: FinalizeHook<E>): void {
    this.#hook('finalizeRequest', hook);
  }
  /** Always runs at the end of a request; receives the error only when no handler answered it. */
  teardownRequest(hook: TeardownHook<E>): void {
    this.#hook('teardownRequest', hook);
  }
  /** Changes the matched values before hooks and views run. */
  urlValuePreprocessor(hook: UrlValuePreprocessor<E>): void {
    this.#hook('urlValuePreprocessor', hook);
  }
  /** Fills values in for `urlFor`. */
  urlDefaults(hook: UrlDefaultsHook<E>): void {
    this.#hook('urlDefaults', hook);
  }
  /** Adds variables to every template's context. */
  contextProcessor(hook: ContextProcessor<E>): void {
    this.#hook('contextProcessor', hook);
  }

  /**
   * Handles errors by status code (`404`) or by class (`HTTPError`, `MyError`). Handlers return a
   * response like a view; a handler's result keeps the error's status unless it sets its own.
   */
  errorHandler<Err extends Error>(key: ErrorKey<Err>, handler: ErrorHandler<E, Err>): void {
    this.checkErrorHandler('errorHandler', key, handler);
    this.addScopedErrorHandler(key, handler as ErrorHandler<E>);
  }

  /** Checks a hook registration: setup still open, and a function given. */
  protected checkHook(method: string, hook: unknown): void {
    this.assertSetup(`${method}()`);
    if (typeof hook !== 'function') {
      throw this.setupError(
        `${this.setupName}.${method}() needs a function, got ${typeof hook}.`,
        'bad_hook',
      );
    }
  }

  /** Checks an error handler registration: a status from 400 to 599 or a class, and a function. */
  protected checkErrorHandler(method: string, key: unknown, handler: unknown): void {
    this.assertSetup(`${method}()`);
    const isStatus = typeof key === 'number' && Number.isInteger(key) && key >= 400 && key <= 599;
    if (!isStatus && typeof key !== 'function') {
      throw this.setupError(
        `${this.setupName}.${method}(${String(key)}) needs an HTTP error status from 400 to 599, or an Error class.`,
        'bad_error_key',
      );
    }
    if (typeof handler !== 'function') {
      throw this.setupError(`${this.setupName}.${method}() needs a handler function.`, 'bad_hook');
    }
  }

  #hook(kind: HookKind, hook: AnyHook): void {
    this.checkHook(kind, hook);
    this.addScopedHook(kind, hook);
  }
}
