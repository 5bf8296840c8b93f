import type { RouteInfo } from '@flagon/core';
import { CliError } from '../cli-error.ts';
import { textTable } from '../internal/text-table.ts';

/** The orders `flagon routes --sort` accepts; `match` is registration order. */
export const ROUTE_SORTS = Object.freeze(['endpoint', 'methods', 'rule', 'match'] as const);

/** One of {@link ROUTE_SORTS}. */
export type RouteSort = (typeof ROUTE_SORTS)[number];

/** Options of {@link formatRoutes}. */
export interface FormatRoutesOptions {
  /** Default 'endpoint'. */
  sort?: string;
  /** Show HEAD and OPTIONS too. Default false (as Flask). */
  allMethods?: boolean;
}

/**
 * The table `flagon routes` prints: Endpoint, Methods, Rule, one row per rule, sorted by
 * endpoint unless asked otherwise, without HEAD and OPTIONS unless `allMethods`.
 *
 * @throws {CliError} `usage` for an unknown sort.
 * @example
 * ```ts
 * console.log(formatRoutes(app.routes(), { sort: 'rule' }));
 * ```
 */
export function formatRoutes(routes: readonly RouteInfo[], options: FormatRoutesOptions = {}): string {
  const sort = options.sort ?? 'endpoint';
  if (!(ROUTE_SORTS as readonly string[]).includes(sort)) {
    throw new CliError('usage', `Unknown sort "${sort}": use one of ${ROUTE_SORTS.join(', ')}.`);
  }
  if (routes.length === 0) return 'No routes were registered.';
  const hidden = options.allMethods ? new Set<string>() : new Set(['HEAD', 'OPTIONS']);
  const rows = routes.map((route, index) => ({
    index,
    endpoint: route.endpoint,
    methods: [...route.methods]
      .filter((m) => !hidden.has(m))
      .sort()
      .join(', '),
    rule: route.rule,
  }));
  if (sort !== 'match') {
    const key = sort as 'endpoint' | 'methods' | 'rule';
    rows.sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : a.index - b.index));
  }
  return textTable(
    ['Endpoint', 'Methods', 'Rule'],
    rows.map((r) => [r.endpoint, r.methods, r.rule]),
  );
}
