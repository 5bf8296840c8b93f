import type { Options } from 'tsup';

/** Shared tsup options: ESM only, declarations, Node 22 target. */
export function packageBuild(entry: Record<string, string> | string[] = ['src/index.ts']): Options {
  return {
    entry,
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node22',
    treeshake: true,
    // Keep `node:` specifiers: Deno and bundlers need them to tell built-ins from packages.
    removeNodeProtocol: false,
  };
}
