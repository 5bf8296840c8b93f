import type { AppTypes, ConfigOf } from './app-types.js';
import type { Context } from './context.js';
import { UrlBuildError } from './errors.js';
import type { HookRegistry } from './hooks.js';
import type { RouteTable } from './route-table.js';
import type { RequestContext, RouteRef, UrlDefaultsHook, UrlForOptions } from './view-types.js';

/** What building a URL reads: the route table, the url-defaults hooks and the config. */
export interface UrlBuilderParts<E extends AppTypes> {
  readonly table: RouteTable<unknown>;
  readonly hooks: HookRegistry;
  readonly config: () => ConfigOf<E>;
}

/**
 * Builds a URL for an endpoint (Flask's `url_for`): `.relative` endpoints resolve inside the
 * request's blueprint, url-defaults hooks fill values in, extra values become the query string,
 * a request's path prefix (PROXY_FIX) goes first, and an external URL takes its origin from
 * SERVER_NAME when set, else from the request's scheme and host (after PROXY_FIX).
 */
export function buildUrl<E extends AppTypes>(
  parts: UrlBuilderParts<E>,
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
  if (parts.hooks.has('urlDefaults')) {
    const dot = endpoint.lastIndexOf('.');
    const scope = dot > 0 ? endpoint.slice(0, dot) : null;
    for (const hook of parts.hooks.collect<UrlDefaultsHook<E>>('urlDefaults', scope, 'inward')) {
      hook(endpoint, all, c as RequestContext<E> | undefined);
    }
  }
  const path = (c ? c.req.prefix : '') + parts.table.build(endpoint, all, options?.method);
  const anchor = options?.anchor === undefined ? '' : `#${encodeURIComponent(options.anchor)}`;
  if (!options?.external) return `${path}${anchor}`;
  const config = parts.config();
  let origin: string;
  if (c) {
    // SERVER_NAME, when set, wins over the request's Host: a forged Host cannot redirect links.
    origin = `${options.scheme ?? c.req.scheme}://${config.SERVER_NAME || c.req.host}`;
  } else {
    const host = config.SERVER_NAME;
    if (!host) {
      throw new UrlBuildError(
        `Could not build an external url for "${endpoint}" outside a request: set SERVER_NAME in the config.`,
        endpoint,
      );
    }
    origin = `${options.scheme ?? config.PREFERRED_URL_SCHEME}://${host}`;
  }
  return `${origin}${path}${anchor}`;
}
