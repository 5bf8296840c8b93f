// The check behind "the main entry runs on Bun, Deno and Workers": every module a built entry
// loads eagerly. Shared by the runtime-neutrality tests of core, blueprints, templates and forms.
import { readFileSync } from 'node:fs';
import { findPackageJSON, isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const IMPORT = /^(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/gm;

/**
 * The specifiers an entry file imports statically, following relative chunks and `@flagon/*`
 * packages into their own built files (dynamic `import()`s are lazy and not followed).
 */
export function eagerImports(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const match of readFileSync(entry, 'utf8').matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? '';
    if (specifier.startsWith('.')) eagerImports(join(dirname(entry), specifier), seen);
    else if (specifier.startsWith('@flagon/')) {
      seen.add(specifier);
      eagerImports(resolveEntry(specifier, entry), seen);
    } else seen.add(specifier);
  }
  return seen;
}

/** The Node-only modules among an entry's eager imports: `node:` built-ins and the Node server. */
export function nodeOnlyImports(entry: string): string[] {
  return [...eagerImports(entry)].filter((m) => isBuiltin(m) || m === '@hono/node-server').sort();
}

/** The built file an `@flagon/x` or `@flagon/x/sub` specifier loads (its `import` export). */
function resolveEntry(specifier: string, from: string): string {
  const [scope, name, ...sub] = specifier.split('/');
  const manifest = findPackageJSON(`${scope}/${name}`, pathToFileURL(from));
  if (!manifest) throw new Error(`${specifier} is not installed where ${from} can import it`);
  const exports = JSON.parse(readFileSync(manifest, 'utf8')).exports as Record<string, { import: string }>;
  const target = exports[sub.length ? `./${sub.join('/')}` : '.']?.import;
  if (!target) throw new Error(`${specifier} is not exported by ${manifest}`);
  return join(dirname(manifest), target);
}
