import { builtinModules } from 'node:module';

const URL_SAFE = /^[a-z0-9-~][a-z0-9-._~]*$/;

/**
 * Why `name` cannot be an npm package name, or undefined when it can. Follows npm's rules for
 * new packages: 1–214 characters, lower case, URL-safe characters, no leading `.` or `_`, not a
 * Node built-in module; an optional `@scope/` prefix follows the same rules.
 *
 * @example
 * ```ts
 * packageNameProblem('My App'); // 'it may not contain spaces'
 * packageNameProblem('my-app'); // undefined
 * ```
 */
export function packageNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > 214) return 'it is longer than 214 characters';
  if (name.trim() !== name) return 'it starts or ends with spaces';
  if (/\s/.test(name)) return 'it may not contain spaces';
  if (name !== name.toLowerCase()) return 'it may not contain capital letters';
  if (name === 'node_modules' || name === 'favicon.ico') return `"${name}" is a reserved name`;
  if (builtinModules.includes(name)) return `"${name}" is the name of a Node built-in module`;
  const scoped = /^@([^/]+)\/(.+)$/.exec(name);
  const [scope, bare] = scoped ? [scoped[1] as string, scoped[2] as string] : [undefined, name];
  for (const part of scope === undefined ? [bare] : [scope, bare]) {
    if (part.startsWith('.')) return 'it may not start with a period';
    if (part.startsWith('_')) return 'it may not start with an underscore';
    if (!URL_SAFE.test(part)) {
      const bad = [...part].find((ch) => !/[a-z0-9-._~]/.test(ch));
      return `it may only contain lower-case letters, digits, "-", ".", "_" and "~"${bad ? ` (not "${bad}")` : ''}`;
    }
  }
  return undefined;
}

/** The folder name for a package name: the part after the scope. */
export function unscopedName(name: string): string {
  return name.includes('/') ? (name.split('/').at(-1) as string) : name;
}

/** An environment-variable prefix for a package name: `my-app` becomes `MY_APP`. */
export function envPrefix(name: string): string {
  const prefix = unscopedName(name)
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[A-Z]/.test(prefix) ? prefix : `APP_${prefix}`;
}
