import type { Flagon } from './app.js';
import type { AppTypes } from './app-types.js';
import { debugPage, errorPage } from './error-page.js';
import { HTTPError } from './errors.js';
import type { ErrorHandlerRegistry } from './hooks.js';
import { toResponse, type ViewResult } from './response.js';
import type { ErrorHandler, RequestContext } from './view-types.js';

/** What became of the errors of one request. */
export interface Outcome {
  /** The first error raised while handling the request, handled or not (finalize hooks see it). */
  raised: unknown;
  /** An error no handler answered (teardown hooks see it); undefined when every error was handled. */
  unhandled: unknown;
  /** True when the unhandled error is to be re-thrown to the caller (TESTING, PROPAGATE_EXCEPTIONS). */
  propagate: boolean;
}

/**
 * Turns an error into a response as Flask does: the nearest handler for its status code, then for
 * its class (blueprint before app); an HTTPError without a handler is its own page; anything else
 * is logged with the endpoint and answered 500 (by a 500 handler if there is one, the debug page
 * in debug mode). An error raised by a handler is handled in turn, a few levels deep.
 */
export async function handleError<E extends AppTypes>(
  app: Flagon<E>,
  registry: ErrorHandlerRegistry<ErrorHandler<E>>,
  c: RequestContext<E>,
  error: unknown,
  outcome: Outcome,
  depth = 0,
): Promise<Response> {
  const status = error instanceof HTTPError ? error.status : undefined;
  const handler = registry.find(error, status, c.blueprint);
  if (handler) {
    try {
      return handlerResponse(await handler(error, c), error, c);
    } catch (inner) {
      if (inner !== error && depth < 3) return handleError(app, registry, c, inner, outcome, depth + 1);
      app.logger.error('Error in an error handler:', inner);
    }
  }
  if (error instanceof HTTPError) return error.response ?? errorPage(error, c.req.raw);
  outcome.unhandled = error;
  const propagate = app.config.PROPAGATE_EXCEPTIONS ?? app.config.TESTING;
  if (propagate === true) {
    outcome.propagate = true;
    return new Response(null, { status: 500 });
  }
  app.logger.error(`Exception on ${c.req.method} ${c.req.path} [${c.endpoint ?? 'no endpoint'}]:`, error);
  const internal = new HTTPError(500, undefined, { cause: error });
  const fallback = registry.find(internal, 500, c.blueprint);
  if (fallback) {
    try {
      return handlerResponse(await fallback(internal, c), internal, c);
    } catch (inner) {
      app.logger.error('Error in the 500 handler:', inner);
    }
  }
  if (app.debug) return debugPage(error, c.req.raw, c.endpoint);
  return errorPage(internal, c.req.raw);
}

/** An error handler's result keeps the error's status unless it sets its own (a Response or a tuple). */
function handlerResponse<E extends AppTypes>(
  result: ViewResult,
  error: unknown,
  c: RequestContext<E>,
): Response {
  const response = toResponse(result, c.endpoint, c.responseHeaders);
  if (error instanceof HTTPError && !(result instanceof Response) && !Array.isArray(result)) {
    const headers = new Headers(response.headers);
    for (const [key, value] of error.headers) headers.set(key, value);
    return new Response(response.body, { status: error.status, headers });
  }
  return response;
}
