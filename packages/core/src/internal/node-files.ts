import type * as Fs from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import type * as Path from 'node:path';
import type * as Stream from 'node:stream';

/** The Node modules that file serving uses. */
export interface NodeFiles {
  readonly fs: typeof Fs;
  readonly fsPromises: typeof FsPromises;
  readonly path: typeof Path;
  readonly stream: typeof Stream;
}

let cached: NodeFiles | null | undefined;

/**
 * `node:fs`, `node:fs/promises`, `node:path` and `node:stream`, loaded on first use through
 * `process.getBuiltinModule` (Node, Bun, Deno): never a static import, so a bundle for a runtime
 * without them (Workers) loads and runs, and file serving there answers 404. Undefined where the
 * runtime has no file system.
 */
export function nodeFiles(): NodeFiles | undefined {
  if (cached !== undefined) return cached ?? undefined;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const load = typeof proc?.getBuiltinModule === 'function' ? proc.getBuiltinModule.bind(proc) : undefined;
  const fs = load?.('node:fs') as typeof Fs | undefined;
  const fsPromises = load?.('node:fs/promises') as typeof FsPromises | undefined;
  const path = load?.('node:path') as typeof Path | undefined;
  const stream = load?.('node:stream') as typeof Stream | undefined;
  cached = fs && fsPromises && path && stream ? { fs, fsPromises, path, stream } : null;
  return cached ?? undefined;
}
