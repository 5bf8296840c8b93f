import { isPlainObject } from './internal/object-path.js';
import type { Revealed } from './types.js';

/**
 * A plain, mutable deep copy of a config with secrets as they are: for handing the values to
 * code that must see them, or to serialise them on purpose. Printing and `JSON.stringify` of
 * the loaded config itself redact secrets; property access never does.
 *
 * @param config - A loaded config or any section of one.
 * @returns A deep copy that is neither frozen nor redacting.
 * @example
 * ```ts
 * JSON.stringify(config);          // {"SECRET_KEY":"[redacted]",…}
 * JSON.stringify(reveal(config));  // {"SECRET_KEY":"s3cr3t",…}
 * ```
 */
export function reveal<T extends object>(config: T): Revealed<T> {
  return copy(config) as Revealed<T>;
}

function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(out, key, {
      value: copy(item),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
