import { closeMatches } from '@flagon/internal';
import type { Router } from 'hono/router';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { SmartRouter } from 'hono/router/smart-router';
import { TrieRouter } from 'hono/router/trie-router';
import type { ConverterFactory } from './converters.js';
import { SetupError, UrlBuildError } from './errors.js';
import { convertParams, type ParsedRule, parseRule } from './internal/rule.js';

/** A registered route: one rule, its methods, its endpoint and its view. */
export interface RouteEntry<V = unknown> {
  readonly rule: ParsedRule;
  readonly methods: ReadonlySet<string>;
  readonly endpoint: string;
  /** The dotted blueprint name (`parent.child`), or null for the app's own routes. */
  readonly blueprint: string | null;
  readonly view: V;
  /** Values merged into the params when the URL does not carry them (Flask's `defaults`). */
  readonly defaults: Readonly<Record<string, unknown>> | undefined;
  /** True when OPTIONS is answered automatically for this rule. */
  readonly automaticOptions: boolean;
}

/** What the route table says about a request. */
export type MatchResult<V> =
  | { readonly kind: 'route'; readonly route: RouteEntry<V>; readonly params: Record<string, unknown> }
  | { readonly kind: 'options'; readonly allow: string }
  | { readonly kind: 'method'; readonly allow: string }
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'none' };

/** One row of `app.routes()`. */
export interface RouteInfo {
  readonly endpoint: string;
  readonly methods: readonly string[];
  readonly rule: string;
  readonly blueprint: string | null;
}

const NONE = Object.freeze({ kind: 'none' as const });

/** The route table: rules with endpoints, matched through Hono's router. */
export class RouteTable<V> {
  readonly #routes: RouteEntry<V>[] = [];
  readonly #byEndpoint = new Map<string, RouteEntry<V>[]>();
  #router: Router<RouteEntry<V>> = new SmartRouter({ routers: [new RegExpRouter(), new TrieRouter()] });

  /** Parses and adds a rule. Throws {@link SetupError} on a bad rule or an endpoint clash. */
  add(
    rule: string,
    options: {
      methods: readonly string[];
      endpoint: string;
      blueprint: string | null;
      view: V;
      viewName: string;
      defaults?: Record<string, unknown> | undefined;
    },
    converters: Readonly<Record<string, ConverterFactory>>,
  ): RouteEntry<V> {
    const parsed = parseRule(rule, converters);
    const existing = this.#byEndpoint.get(options.endpoint);
    if (existing?.[0] && existing[0].view !== options.view) {
      throw new SetupError(
        `View function mapping is overwriting an existing endpoint function: "${options.endpoint}" ` +
          `is already ${describeView(existing[0].view)} for ${existing[0].rule.rule}, and ` +
          `${options.viewName ? `"${options.viewName}"` : 'another view'} for ${rule} asks for the same endpoint. ` +
          'Give one of them another endpoint name with { endpoint: "..." }.',
        'endpoint_clash',
      );
    }
    const methods = new Set(options.methods.map((m) => m.toUpperCase()));
    if (methods.size === 0) throw new SetupError(`Route ${rule} has an empty methods list.`, 'bad_methods');
    if (methods.has('GET')) methods.add('HEAD');
    const automaticOptions = !methods.has('OPTIONS');
    const entry: RouteEntry<V> = Object.freeze({
      rule: parsed,
      methods,
      endpoint: options.endpoint,
      blueprint: options.blueprint,
      view: options.view,
      defaults: options.defaults ? Object.freeze({ ...options.defaults }) : undefined,
      automaticOptions,
    });
    this.#router.add('ALL', parsed.pattern, entry);
    this.#routes.push(entry);
    if (existing) existing.push(entry);
    else this.#byEndpoint.set(options.endpoint, [entry]);
    return entry;
  }

  /** True when an endpoint is registered. */
  has(endpoint: string): boolean {
    return this.#byEndpoint.has(endpoint);
  }

  /** Every route, in registration order. */
  entries(): readonly RouteEntry<V>[] {
    return this.#routes;
  }

  /** The table as rows, for `flagon routes`. */
  info(): RouteInfo[] {
    return this.#routes.map((route) => ({
      endpoint: route.endpoint,
      methods: [...route.methods].sort(),
      rule: route.rule.rule,
      blueprint: route.blueprint,
    }));
  }

  /** Matches a method and a raw (percent-encoded) path. */
  match(method: string, path: string): MatchResult<V> {
    const found = this.#candidates(method, path);
    if (found) return found;
    if (!path.endsWith('/')) {
      const slashed = this.#candidates(method, `${path}/`);
      if (slashed && slashed.kind !== 'none') return { kind: 'redirect', location: `${path}/` };
    }
    return NONE;
  }

  #candidates(method: string, path: string): MatchResult<V> | undefined {
    const result = this.#router.match(method, path);
    const handlers = result[0];
    if (handlers.length === 0) return undefined;
    const stash = result[1];
    let allow: Set<string> | undefined;
    for (let i = 0; i < handlers.length; i++) {
      const [route, paramMap] = handlers[i] as (typeof handlers)[number];
      const params =
        route.rule.params.length === 0
          ? {}
          : convertParams(
              route.rule,
              paramMap as Record<string, string | number>,
              stash as string[] | undefined,
            );
      if (!params) continue;
      if (route.methods.has(method)) {
        if (route.defaults) {
          for (const key in route.defaults) if (!(key in params)) params[key] = route.defaults[key];
        }
        return { kind: 'route', route, params };
      }
      allow ??= new Set();
      for (const m of route.methods) allow.add(m);
      if (route.automaticOptions) allow.add('OPTIONS');
    }
    if (!allow) return undefined;
    const allowHeader = [...allow].sort().join(', ');
    return method === 'OPTIONS' && allow.has('OPTIONS')
      ? { kind: 'options', allow: allowHeader }
      : { kind: 'method', allow: allowHeader };
  }

  /**
   * Builds the path of an endpoint from values. Values the rule does not use become the query string.
   * Throws {@link UrlBuildError} naming the endpoint and the parameter at fault.
   */
  build(endpoint: string, values: Readonly<Record<string, unknown>>, method?: string): string {
    const candidates = this.#byEndpoint.get(endpoint);
    if (!candidates) {
      const suggestions = closeMatches(endpoint, [...this.#byEndpoint.keys()]);
      throw new UrlBuildError(
        `Could not build url for endpoint "${endpoint}": no such endpoint.` +
          (suggestions.length ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : ''),
        endpoint,
        [],
        suggestions,
      );
    }
    const usable = method ? candidates.filter((r) => r.methods.has(method.toUpperCase())) : candidates;
    if (usable.length === 0) {
      throw new UrlBuildError(
        `Could not build url for endpoint "${endpoint}" with method ${method}: it accepts ${[...(candidates[0]?.methods ?? [])].join(', ')}.`,
        endpoint,
      );
    }
    // As werkzeug does: a rule with defaults only builds when the given values agree with them.
    const fits = (r: RouteEntry<V>) =>
      r.rule.params.every((p) => values[p.name] !== undefined || r.defaults?.[p.name] !== undefined) &&
      Object.entries(r.defaults ?? {}).every(
        ([key, value]) => values[key] === undefined || values[key] === value,
      );
    const route = usable.find(fits) ?? (usable[0] as RouteEntry<V>);
    const missing = route.rule.params
      .filter((p) => values[p.name] === undefined && route.defaults?.[p.name] === undefined)
      .map((p) => p.name);
    if (missing.length) {
      throw new UrlBuildError(
        `Could not build url for endpoint "${endpoint}": missing value for ${missing.map((m) => `"${m}"`).join(', ')} ` +
          `(rule ${route.rule.rule}).`,
        endpoint,
        missing,
      );
    }
    let path = '';
    for (const part of route.rule.parts) {
      if (typeof part === 'string') {
        path += part;
        continue;
      }
      const value = values[part.name] ?? route.defaults?.[part.name];
      let text: string;
      try {
        text = part.converter.toUrl(value);
      } catch (error) {
        throw new UrlBuildError(
          `Could not build url for endpoint "${endpoint}": parameter "${part.name}" (${part.converterName} in ${route.rule.rule}) ` +
            `cannot take ${JSON.stringify(value)}: ${(error as Error).message}.`,
          endpoint,
          [part.name],
        );
      }
      path +=
        part.converterName === 'path'
          ? text.split('/').map(encodeURIComponent).join('/')
          : encodeURIComponent(text);
    }
    const query = new URLSearchParams();
    const used = new Set(route.rule.params.map((p) => p.name));
    for (const [key, value] of Object.entries(values)) {
      if (used.has(key) || value === undefined || value === null) continue;
      if (route.defaults && key in route.defaults) continue;
      if (Array.isArray(value)) for (const item of value) query.append(key, String(item));
      else query.append(key, String(value));
    }
    const search = query.toString();
    return search ? `${path}?${search}` : path;
  }
}

function describeView(view: unknown): string {
  const name = typeof view === 'function' ? view.name : '';
  return name ? `"${name}"` : 'another view';
}
