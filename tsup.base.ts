import type { Options } from 'tsup';

/** The private package of shared helpers: bundled into each package, never a dependency. */
const BUNDLED = ['@flagon/internal'];

/** Shared tsup options: ESM only, declarations, Node 22 target, `@flagon/internal` bundled. */
export function packageBuild(entry: Record<string, string> | string[] = ['src/index.ts']): Options {
  return {
    entry,
    format: ['esm'],
    // Its code goes into dist/*.js and its types into dist/*.d.ts, so nothing imports it. The
    // types are found through `paths` (every package sits in packages/*): found through
    // node_modules, the declaration bundler would keep them as an import.
    noExternal: BUNDLED,
    dts: { compilerOptions: { paths: { '@flagon/internal': ['../internal/src/index.ts'] } } },
    sourcemap: true,
    clean: true,
    target: 'node22',
    treeshake: true,
    // Keep `node:` specifiers: Deno and bundlers need them to tell built-ins from packages.
    removeNodeProtocol: false,
  };
}
