/** The kinds of lifecycle hooks, each registered per scope (the app, or a blueprint name). */
export type HookKind =
  | 'beforeRequest'
  | 'afterRequest'
  | 'finalizeRequest'
  | 'teardownRequest'
  | 'urlValuePreprocessor'
  | 'urlDefaults'
  | 'contextProcessor';

/** A scope: null for the app, or a dotted blueprint name (`admin`, `admin.users`). */
export type Scope = string | null;

/**
 * The scopes that apply to a blueprint, outermost first: `[null, 'a', 'a.b']` for `a.b`.
 * Cached, since a request only ever asks for a handful of distinct blueprints.
 */
const chains = new Map<Scope, readonly Scope[]>();
export function scopeChain(blueprint: Scope): readonly Scope[] {
  let chain = chains.get(blueprint);
  if (chain) return chain;
  const out: Scope[] = [null];
  if (blueprint) {
    const names = blueprint.split('.');
    for (let i = 1; i <= names.length; i++) out.push(names.slice(0, i).join('.'));
  }
  chain = Object.freeze(out);
  chains.set(blueprint, chain);
  return chain;
}

/** Hooks by kind and scope, in registration order. */
export class HookRegistry {
  readonly #hooks = new Map<HookKind, Map<Scope, ((...args: never[]) => unknown)[]>>();
  #count = 0;

  add(kind: HookKind, scope: Scope, fn: (...args: never[]) => unknown): void {
    let byScope = this.#hooks.get(kind);
    if (!byScope) {
      byScope = new Map();
      this.#hooks.set(kind, byScope);
    }
    const list = byScope.get(scope);
    if (list) list.push(fn);
    else byScope.set(scope, [fn]);
    this.#count += 1;
  }

  /** True when no hook of any kind is registered (the fast path). */
  get empty(): boolean {
    return this.#count === 0;
  }

  /** True when hooks of this kind exist in any scope. */
  has(kind: HookKind): boolean {
    return this.#hooks.has(kind);
  }

  /**
   * The hooks of a kind for a blueprint, in the order they run: outermost scope first
   * (app, parent, child) for `inward`; innermost first and each list reversed for `outward`
   * (Flask runs after-request and teardown functions in reverse order of registration).
   */
  collect<F>(kind: HookKind, blueprint: Scope, direction: 'inward' | 'outward'): F[] {
    const byScope = this.#hooks.get(kind);
    if (!byScope) return [];
    const chain = scopeChain(blueprint);
    const out: F[] = [];
    if (direction === 'inward') {
      for (const scope of chain) for (const fn of byScope.get(scope) ?? []) out.push(fn as F);
    } else {
      for (let i = chain.length - 1; i >= 0; i--) {
        const list = byScope.get(chain[i] as Scope) ?? [];
        for (let j = list.length - 1; j >= 0; j--) out.push(list[j] as F);
      }
    }
    return out;
  }
}

/** Error handlers by scope, keyed by status code or error class. */
export class ErrorHandlerRegistry<H> {
  readonly #byScope = new Map<
    Scope,
    { codes: Map<number, H>; classes: Map<abstract new (...args: never[]) => unknown, H> }
  >();

  add(scope: Scope, key: number | (abstract new (...args: never[]) => unknown), handler: H): void {
    let entry = this.#byScope.get(scope);
    if (!entry) {
      entry = { codes: new Map(), classes: new Map() };
      this.#byScope.set(scope, entry);
    }
    if (typeof key === 'number') entry.codes.set(key, handler);
    else entry.classes.set(key, handler);
  }

  /**
   * Finds the handler for an error, as Flask does: a handler for the status code, looked up from
   * the innermost blueprint out to the app; failing that, one for the error's class or a parent
   * class, looked up the same way.
   */
  find(error: unknown, status: number | undefined, blueprint: Scope): H | undefined {
    if (this.#byScope.size === 0) return undefined;
    const chain = scopeChain(blueprint);
    // As Flask does: a handler for the status code in any scope (innermost first) wins over a
    // handler for the error's class; classes are then searched the same way.
    if (status !== undefined) {
      for (let i = chain.length - 1; i >= 0; i--) {
        const byCode = this.#byScope.get(chain[i] as Scope)?.codes.get(status);
        if (byCode) return byCode;
      }
    }
    if (typeof error !== 'object' || error === null) return undefined;
    for (let i = chain.length - 1; i >= 0; i--) {
      const entry = this.#byScope.get(chain[i] as Scope);
      if (!entry || entry.classes.size === 0) continue;
      let proto = Object.getPrototypeOf(error);
      while (proto && proto !== Object.prototype) {
        const byClass = entry.classes.get(proto.constructor);
        if (byClass) return byClass;
        proto = Object.getPrototypeOf(proto);
      }
    }
    return undefined;
  }
}
