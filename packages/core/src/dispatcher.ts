import type { Flagon } from './app.js';
import type { AppTypes } from './app-types.js';
import { tooLarge } from './body-limits.js';
import type { Context } from './context.js';
import { handleError, type Outcome } from './error-handling.js';
import { HTTPError } from './errors.js';
import type { ErrorHandlerRegistry, HookRegistry, Scope } from './hooks.js';
import { FlagonRequest, type RequestSettings, readRequestSettings } from './request.js';
import { toResponse, type ViewResult, variesOnCookie } from './response.js';
import type { MatchResult, RouteEntry, RouteTable } from './route-table.js';
import type { Session } from './session.js';
import { PENDING, valueNow } from './settled.js';
import { untrustedHost } from './trusted-hosts.js';
import type {
  AfterRequestHook,
  BeforeRequestHook,
  ErrorHandler,
  FinalizeHook,
  RequestContext,
  TeardownHook,
  UrlValuePreprocessor,
  View,
} from './view-types.js';

type Maybe<T> = T | Promise<T>;

/**
 * Calls `next` with the value now, or once the promise settles: sync stays sync, and so does a
 * promise whose value can be read at once (`fulfilled`).
 */
function then<T, U>(value: Maybe<T>, next: (value: T) => Maybe<U>): Maybe<U> {
  if (!(value instanceof Promise)) return next(value);
  const now = valueNow(value);
  return now === PENDING ? value.then(next) : next(now);
}

/** Calls each function in order, waiting only for those that return a promise. */
function each<F>(list: readonly F[], call: (fn: F) => unknown, from = 0): Maybe<void> {
  for (let i = from; i < list.length; i++) {
    const done = call(list[i] as F);
    if (done instanceof Promise) return done.then(() => each(list, call, i + 1));
  }
}

/** The hooks that run for one blueprint's requests, collected once per scope. */
interface ScopeHooks<E extends AppTypes> {
  readonly preprocessors: readonly UrlValuePreprocessor<E>[];
  readonly before: readonly BeforeRequestHook<E>[];
  readonly after: readonly AfterRequestHook<E>[];
  readonly finalize: readonly FinalizeHook<E>[];
  readonly teardown: readonly TeardownHook<E>[];
}

/** What the dispatcher is built from when the app freezes. */
export interface DispatcherParts<E extends AppTypes> {
  readonly app: Flagon<E>;
  readonly table: RouteTable<View<E>>;
  readonly hooks: HookRegistry;
  readonly errorHandlers: ErrorHandlerRegistry<ErrorHandler<E>>;
  readonly makeContext: (
    req: FlagonRequest,
    params: Record<string, unknown>,
    endpoint: string | null,
    blueprint: Scope,
    env: unknown,
  ) => Context<E>;
  /** URL prefixes whose unmatched requests belong to a blueprint. */
  readonly ownedPrefixes: readonly (readonly [prefix: string, blueprint: string])[];
}

/**
 * Runs requests through the phases of Flask's `full_dispatch_request`, in order:
 *
 * match → open session → preprocess → view → make response → process response → finalize →
 * save session → teardown
 *
 * Each phase is one method below. A phase with nothing to do (no hooks, no session cookie) is
 * skipped, and a phase that returns no promise is not awaited, so an app without hooks answers a
 * synchronous view synchronously: the fast path is this same path with the empty phases left out.
 * Every error is caught and answered by the error handlers; nothing a view returns escapes.
 */
export class Dispatcher<E extends AppTypes> {
  readonly #parts: DispatcherParts<E>;
  readonly #app: Flagon<E>;
  readonly #scopes = new Map<Scope, ScopeHooks<E>>();
  readonly #settings: RequestSettings;
  readonly #ownedPrefixes: readonly (readonly [string, string])[];

  /** Throws `SetupError` naming the key for a bad limit, PROXY_FIX or TRUSTED_HOSTS. */
  constructor(parts: DispatcherParts<E>) {
    this.#parts = parts;
    this.#ownedPrefixes = parts.ownedPrefixes
      .map(([prefix, scope]) => [prefix.replace(/\/+$/, '') || '/', scope] as const)
      .sort((a, b) => b[0].length - a[0].length);
    this.#app = parts.app;
    this.#settings = readRequestSettings(parts.app.config);
  }

  /** Handles one request: the phases in order, then teardown. */
  dispatch(request: Request, env: unknown): Maybe<Response> {
    const path = requestPath(request.url);
    const req = new FlagonRequest(request, path, this.#settings, env);
    const refused = this.#settings.trustedHosts && untrustedHost(req, this.#settings.trustedHosts);
    const match = refused ? REFUSED : this.match(request.method, path);
    const route = match.kind === 'route' ? match.route : undefined;
    const c = this.#parts.makeContext(
      req,
      match.kind === 'route' ? match.params : {},
      route ? route.endpoint : null,
      route ? route.blueprint : this.#owner(match, path),
      env,
    ) as RequestContext<E>;
    const outcome: Outcome = { raised: undefined, unhandled: undefined, propagate: false };
    const hooks = this.#hooksOf(c.blueprint);
    let answered: Maybe<Response>;
    try {
      if (refused) throw refused;
      answered = this.#respond(c, match, hooks);
    } catch (error) {
      return this.#recover(c, error, outcome).then((r) => this.#complete(c, r, hooks, outcome));
    }
    if (answered instanceof Promise) {
      return answered.then(
        (r) => this.#complete(c, r, hooks, outcome),
        (error) => this.#recover(c, error, outcome).then((r) => this.#complete(c, r, hooks, outcome)),
      );
    }
    return this.#complete(c, answered, hooks, outcome);
  }

  // --- The phases, in the order they run -------------------------------------------------------

  /** Match: the route table's answer for a method and path (route, 404, 405, OPTIONS, 308). */
  match(method: string, path: string): MatchResult<View<E>> {
    return this.#parts.table.match(method, path);
  }

  /**
   * Open session: loads the session from the request's cookie; no cookie, no work. A store that
   * opens without waiting (`openSync`) is left to the first read of `c.session` instead.
   */
  openSession(c: RequestContext<E>): Maybe<void> {
    const store = this.#app.sessionStore;
    if (store.openSync || !c.req.raw.headers.has('cookie')) return;
    const opened = store.open(c as Context);
    if (opened instanceof Promise) {
      return opened.then((session) => {
        if (session) c.sessionValue = session as Session<never>;
      });
    }
    if (opened) c.sessionValue = opened as Session<never>;
  }

  /**
   * Preprocess: URL value preprocessors, then before-request hooks (app first, then blueprints);
   * the first hook that returns a value ends the request with it.
   */
  preprocess(
    c: RequestContext<E>,
    route: RouteEntry<View<E>>,
    hooks: ScopeHooks<E>,
  ): Maybe<ViewResult | undefined> {
    for (const hook of hooks.preprocessors) hook(route.endpoint, c.params as Record<string, unknown>, c);
    return runBefore(c, hooks.before, 0);
  }

  /** View: the matched view function. */
  callView(c: RequestContext<E>, route: RouteEntry<View<E>>): Maybe<ViewResult> {
    return route.view(c);
  }

  /** Make response: a string is HTML, an object JSON, a tuple sets status and headers. */
  makeResponse(c: RequestContext<E>, value: ViewResult): Response {
    return toResponse(value, c.endpoint, c.responseHeaders, c.sessionValue?.accessed === true);
  }

  /** Process response: after-this-request functions, then after-request hooks (innermost first). */
  processResponse(c: RequestContext<E>, response: Response, hooks: ScopeHooks<E>): Maybe<Response> {
    let current = response;
    const replace = (next: Response | undefined | void) => {
      if (next) current = next;
    };
    const own = c.afterThisRequest ? each(c.afterThisRequest, (fn) => then(fn(current), replace)) : undefined;
    const after = then(own, () => each(hooks.after, (hook) => then(hook(c, current), replace)));
    return then(after, () => current);
  }

  /** Finalize: work that must succeed before the response leaves (a transaction's commit). */
  finalize(c: RequestContext<E>, response: Response, hooks: ScopeHooks<E>, error: unknown): Maybe<void> {
    return each(hooks.finalize, (hook) => hook(c, response, error));
  }

  /**
   * Save session: `Vary: Cookie` when the session was read (once, whoever built the response),
   * then `Set-Cookie` (or the store's own work), only when the session was touched.
   */
  saveSession(c: RequestContext<E>, response: Response): Maybe<Response> {
    const session = c.sessionValue;
    if (!session || !(session.modified || session.accessed || session.permanent)) return response;
    let saved: Maybe<Response>;
    try {
      saved = this.#save(c, session as Session, response);
    } catch (error) {
      return this.#saveCopy(c, session as Session, response, error);
    }
    if (!(saved instanceof Promise)) return saved;
    return saved.catch((error: unknown) => this.#saveCopy(c, session as Session, response, error));
  }

  /** Teardown: always runs; receives the error only when no handler turned it into a response. */
  teardown(c: RequestContext<E>, hooks: ScopeHooks<E>, error: unknown): Maybe<void> {
    return this.#teardownFrom(c, hooks.teardown, error, 0);
  }

  // --- How the phases are put together -----------------------------------------------------------

  /** The teardown hooks from `from` on; a failing one is logged and the next still runs. */
  #teardownFrom(
    c: RequestContext<E>,
    list: readonly TeardownHook<E>[],
    error: unknown,
    from: number,
  ): Maybe<void> {
    for (let i = from; i < list.length; i++) {
      let done: unknown;
      try {
        done = (list[i] as TeardownHook<E>)(c, error);
      } catch (teardownError) {
        this.#teardownFailed(teardownError);
        continue;
      }
      if (done instanceof Promise) {
        const next = () => this.#teardownFrom(c, list, error, i + 1);
        return done.then(next, (e: unknown) => {
          this.#teardownFailed(e);
          return next();
        });
      }
    }
  }

  #save(c: RequestContext<E>, session: Session, response: Response): Maybe<Response> {
    if (session.accessed && !variesOnCookie(response)) response.headers.append('vary', 'Cookie');
    const saved = this.#app.sessionStore.save(c as Context, session, response);
    return saved instanceof Promise ? then(saved, () => response) : response;
  }

  /** Responses from `Response.redirect()` or `fetch()` have immutable headers: copy and save again. */
  #saveCopy(c: RequestContext<E>, session: Session, response: Response, error: unknown): Maybe<Response> {
    if (!(error instanceof TypeError) || !isImmutable(response)) throw error;
    return this.#save(c, session, new Response(response.body, response));
  }

  /** Match → open session → preprocess → view → make response. */
  #respond(c: RequestContext<E>, match: MatchResult<View<E>>, hooks: ScopeHooks<E>): Maybe<Response> {
    if (match.kind === 'redirect') {
      const q = c.req.url.indexOf('?');
      const location = c.req.prefix + match.location + (q < 0 ? '' : c.req.url.slice(q));
      return new Response(null, { status: 308, headers: { location } });
    }
    const opened = this.openSession(c);
    if (opened instanceof Promise) return opened.then(() => this.#route(c, match, hooks));
    return this.#route(c, match, hooks);
  }

  /** After the session: routing errors, then preprocess → view → make response. */
  #route(c: RequestContext<E>, match: MatchResult<View<E>>, hooks: ScopeHooks<E>): Maybe<Response> {
    if (match.kind === 'none') throw new HTTPError(404);
    if (match.kind === 'method') throw new HTTPError(405, undefined, { headers: { allow: match.allow } });
    if (match.kind === 'options') return new Response(null, { status: 200, headers: { allow: match.allow } });
    if (match.kind !== 'route') throw new HTTPError(404);
    this.#checkContentLength(c);
    const { route } = match;
    if (hooks.preprocessors.length === 0 && hooks.before.length === 0) return this.#view(c, route);
    const early = this.preprocess(c, route, hooks);
    if (early instanceof Promise) return early.then((value) => this.#afterPreprocess(c, route, value));
    return this.#afterPreprocess(c, route, early);
  }

  /** A before-request hook's answer becomes the response; without one, the view runs. */
  #afterPreprocess(c: RequestContext<E>, route: RouteEntry<View<E>>, early: ViewResult | undefined) {
    return early !== undefined ? this.makeResponse(c, early) : this.#view(c, route);
  }

  /** View → make response. */
  #view(c: RequestContext<E>, route: RouteEntry<View<E>>): Maybe<Response> {
    const value = this.callView(c, route);
    if (!(value instanceof Promise)) return this.makeResponse(c, value);
    return then(value, (v) => this.makeResponse(c, v));
  }

  /** Process response → finalize → save session (errors answered by the handlers) → teardown. */
  #complete(
    c: RequestContext<E>,
    response: Response,
    hooks: ScopeHooks<E>,
    outcome: Outcome,
  ): Maybe<Response> {
    let finished: Maybe<Response>;
    try {
      finished = this.#finish(c, response, hooks, outcome);
    } catch (error) {
      finished = this.#recover(c, error, outcome);
    }
    if (finished instanceof Promise) {
      return finished
        .catch((error: unknown) => this.#recover(c, error, outcome))
        .then((r) => this.#close(c, r, hooks, outcome));
    }
    return this.#close(c, finished, hooks, outcome);
  }

  /** Process response → finalize → save session. */
  #finish(c: RequestContext<E>, response: Response, hooks: ScopeHooks<E>, outcome: Outcome): Maybe<Response> {
    if (outcome.propagate) return response;
    if (!c.afterThisRequest && hooks.after.length === 0)
      return this.#finalizeAndSave(c, response, hooks, outcome);
    return then(this.processResponse(c, response, hooks), (r) => this.#finalizeAndSave(c, r, hooks, outcome));
  }

  /** Finalize → save session. */
  #finalizeAndSave(
    c: RequestContext<E>,
    response: Response,
    hooks: ScopeHooks<E>,
    outcome: Outcome,
  ): Maybe<Response> {
    if (hooks.finalize.length === 0) return this.saveSession(c, response);
    return then(this.finalize(c, response, hooks, outcome.raised), () => this.saveSession(c, response));
  }

  /** Teardown, then HEAD's body dropped; a propagated error (TESTING) is thrown after teardown. */
  #close(c: RequestContext<E>, response: Response, hooks: ScopeHooks<E>, outcome: Outcome): Maybe<Response> {
    if (hooks.teardown.length > 0) {
      const done = this.teardown(c, hooks, outcome.unhandled);
      if (done instanceof Promise) return done.then(() => this.#closed(c, response, outcome));
    }
    return this.#closed(c, response, outcome);
  }

  #closed(c: RequestContext<E>, response: Response, outcome: Outcome): Response {
    if (outcome.propagate) throw outcome.unhandled;
    if (c.req.method === 'HEAD' && response.body) {
      return new Response(null, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
    return response;
  }

  #recover(c: RequestContext<E>, error: unknown, outcome: Outcome): Promise<Response> {
    outcome.raised ??= error;
    return handleError(this.#app, this.#parts.errorHandlers, c, error, outcome);
  }

  #checkContentLength(c: RequestContext<E>): void {
    const max = this.#settings.limits.maxContentLength;
    if (max === null) return;
    const declared = c.req.raw.headers.get('content-length');
    if (declared !== null && Number(declared) > max)
      throw tooLarge({ limit: max, key: 'MAX_CONTENT_LENGTH' });
  }

  /** The blueprint that owns an unmatched URL (a 404 or 405 under its prefix), or null. */
  #owner(match: MatchResult<View<E>>, path: string): Scope {
    if (match.kind !== 'none' && match.kind !== 'method') return null;
    for (const [prefix, blueprint] of this.#ownedPrefixes) {
      if (path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)) return blueprint;
    }
    return null;
  }

  #hooksOf(blueprint: Scope): ScopeHooks<E> {
    let found = this.#scopes.get(blueprint);
    if (found) return found;
    const registry = this.#parts.hooks;
    found = Object.freeze({
      preprocessors: registry.collect<UrlValuePreprocessor<E>>('urlValuePreprocessor', blueprint, 'inward'),
      before: registry.collect<BeforeRequestHook<E>>('beforeRequest', blueprint, 'inward'),
      after: registry.collect<AfterRequestHook<E>>('afterRequest', blueprint, 'outward'),
      finalize: registry.collect<FinalizeHook<E>>('finalizeRequest', blueprint, 'outward'),
      teardown: registry.collect<TeardownHook<E>>('teardownRequest', blueprint, 'outward'),
    });
    this.#scopes.set(blueprint, found);
    return found;
  }

  #teardownFailed(error: unknown): void {
    this.#app.logger.error('Error in a teardown hook:', error);
  }
}

function runBefore<E extends AppTypes>(
  c: RequestContext<E>,
  hooks: readonly BeforeRequestHook<E>[],
  from: number,
): Maybe<ViewResult | undefined> {
  for (let i = from; i < hooks.length; i++) {
    const early = (hooks[i] as BeforeRequestHook<E>)(c);
    if (early instanceof Promise) {
      return early.then((value) => (value !== undefined ? value : runBefore(c, hooks, i + 1)));
    }
    if (early !== undefined) return early;
  }
  return undefined;
}

/** The match of a request refused before routing (TRUSTED_HOSTS): no route, 404 never raised. */
const REFUSED = Object.freeze({ kind: 'none' }) as MatchResult<never>;

/** The path of a request URL, without the query string. */
function requestPath(url: string): string {
  const start = url.indexOf('/', url.indexOf('://') + 3);
  if (start < 0) return '/';
  const q = url.indexOf('?', start);
  return q < 0 ? url.slice(start) : url.slice(start, q);
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
