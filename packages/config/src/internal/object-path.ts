/** A value that config merging walks into: an object literal or a null-prototype object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The map key of a path: segments joined by a character that keys never contain. */
export function pathId(path: readonly string[]): string {
  return path.join('\u0000');
}

/** The dotted form of a path, as users write it: `DB.POOL.MAX`. */
export function dotted(path: readonly string[]): string {
  return path.join('.');
}

/** The value at `path`, or undefined when any step is missing or not an object. */
export function getAt(root: unknown, path: readonly string[]): unknown {
  let current = root;
  for (const segment of path) {
    if (!isPlainObject(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}

/** Whether `path` exists in `root` (the value there may be undefined). */
export function hasAt(root: unknown, path: readonly string[]): boolean {
  let current = root;
  for (const segment of path) {
    if (!isPlainObject(current) || !Object.hasOwn(current, segment)) return false;
    current = current[segment];
  }
  return true;
}

/** Every leaf below `root` with its path; arrays, non-plain objects and empty objects are leaves. */
export function leavesOf(
  root: Record<string, unknown>,
  prefix: readonly string[] = [],
): Array<[string[], unknown]> {
  const out: Array<[string[], unknown]> = [];
  for (const [key, value] of Object.entries(root)) {
    if (value === undefined) continue;
    const path = [...prefix, key];
    if (isPlainObject(value) && Object.keys(value).length > 0) out.push(...leavesOf(value, path));
    else out.push([path, value]);
  }
  return out;
}

/** A short description of a value's type for messages: `string`, `number`, `array`, `object`, `null`. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
