import type { AppTypes } from './app-types.js';
import type { Context } from './context.js';
import type { ContextProcessor, RequestContext, UrlForOptions } from './view-types.js';

/**
 * The template context for a request: Flask's globals (`config`, `request`, `session`, `g`,
 * `urlFor`, `getFlashedMessages`) plus every context processor's values, outermost scope first.
 */
export async function templateContext<E extends AppTypes>(
  c: Context<E, unknown>,
  processors: readonly ContextProcessor<E>[],
): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {
    config: c.config,
    request: c.req,
    session: c.session,
    g: c.g,
    urlFor: (endpoint: string, params?: Record<string, unknown>, options?: UrlForOptions) =>
      c.urlFor(endpoint, params, options),
    getFlashedMessages: (options?: { withCategories?: boolean; categoryFilter?: string[] }) =>
      c.getFlashedMessages(options),
  };
  for (const processor of processors) Object.assign(values, await processor(c as RequestContext<E>));
  return values;
}
