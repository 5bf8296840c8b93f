import type { AppTypes, ServicesOf } from './app-types.js';
import type { Context } from './context.js';
import type { ViewResult } from './response.js';
import type { RouteParams } from './types.js';

/** A value, or a promise of it: hooks and views may be synchronous or asynchronous. */
export type Awaitable<T> = T | Promise<T>;

/** The context a view of an app receives: `Context` plus the app's request-scoped services. */
export type RequestContext<E extends AppTypes = AppTypes, P = Record<string, unknown>> = Context<E, P> &
  ServicesOf<E>;

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
/**
 * Always runs at the end of a request. `error` is the error that no handler turned into a
 * response (as Flask's teardown functions receive), undefined otherwise.
 */
export type TeardownHook<E extends AppTypes = AppTypes> = (
  c: RequestContext<E>,
  error: unknown,
) => Awaitable<void>;
/** Turns an error into a response. */
export type ErrorHandler<E extends AppTypes = AppTypes, Err = unknown> = (
  error: Err,
  c: RequestContext<E>,
) => Awaitable<ViewResult>;
/** What an error handler is registered for: an HTTP status code (400–599) or an error class. */
export type ErrorKey<Err = unknown> = number | (abstract new (...args: never[]) => Err);
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

/**
 * `urlFor`'s signature, shared by `app.urlFor` and `c.urlFor`: a typed route ref (its parameters
 * checked at compile time) or an endpoint name, values (extra ones become the query string), and
 * options. Throws `UrlBuildError` for an unknown endpoint or a missing or unconvertible value.
 */
export interface UrlFor {
  <R extends string>(
    target: RouteRef<R>,
    values?: RouteParams<R> & Record<string, unknown>,
    options?: UrlForOptions,
  ): string;
  (endpoint: string, values?: Record<string, unknown>, options?: UrlForOptions): string;
}
