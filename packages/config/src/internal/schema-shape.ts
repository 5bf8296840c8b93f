import { isPlainObject } from './object-path.js';

/**
 * The keys a schema declares at `path`, read from the object shapes that zod (`shape`) and
 * valibot (`entries`) expose, through optional, default, nullable and pipe wrappers. Undefined
 * when the schema does not say (another library, or not an object there). Best effort: it only
 * improves unknown-key detection and suggestions when validation fails.
 */
export function declaredKeys(schema: unknown, path: readonly string[]): Set<string> | undefined {
  let shape = shapeOf(schema);
  for (const segment of path) {
    if (!shape || !Object.hasOwn(shape, segment)) return undefined;
    shape = shapeOf(shape[segment]);
  }
  return shape ? new Set(Object.keys(shape)) : undefined;
}

function shapeOf(schema: unknown): Record<string, unknown> | undefined {
  let current: unknown = schema;
  for (let depth = 0; depth < 10 && typeof current === 'object' && current !== null; depth++) {
    const node = current as Record<string, unknown>;
    const def = (node.def ?? node._def) as Record<string, unknown> | undefined;
    if (isPlainObject(node.shape)) return node.shape;
    if (def && isPlainObject(def.shape)) return def.shape;
    if (isPlainObject(node.entries)) return node.entries;
    current = def?.innerType ?? def?.in ?? node.wrapped;
  }
  return undefined;
}
