import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Versions of the tools a new project uses besides Flagon's own packages. */
export const TOOL_VERSIONS = Object.freeze({
  vitest: '^5.1.1',
  typescript: '~5.9.3',
  '@types/node': '^24',
  'better-sqlite3': '^13.2.0',
  pg: '^8.16.3',
  mysql2: '^3.15.3',
});

interface Manifest {
  version: string;
  devDependencies?: Record<string, string>;
}

/**
 * The `@flagon/*` ranges a new project depends on: this package's own dev dependencies on them,
 * which are `^x.y.z` once published; in the Flagon workspace (`workspace:^`) the version of each
 * workspace package, as `^x.y.z`.
 */
export function flagonVersions(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as Manifest;
  const require = createRequire(import.meta.url);
  const versions: Record<string, string> = {};
  for (const [name, range] of Object.entries(manifest.devDependencies ?? {})) {
    if (!name.startsWith('@flagon/')) continue;
    if (!range.startsWith('workspace:')) {
      versions[name] = range;
      continue;
    }
    const own = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as Manifest;
    versions[name] = `^${own.version}`;
  }
  return versions;
}
