/**
 * A Node built-in module (`node:fs`, `node:crypto` …) through `process.getBuiltinModule`, which
 * Node, Bun and Deno have: never a static import, so a bundle for a runtime without them (Workers)
 * still loads. Undefined where the runtime has no such module.
 */
export function loadBuiltin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== 'function') return undefined;
  return proc.getBuiltinModule(id) as T | undefined;
}
