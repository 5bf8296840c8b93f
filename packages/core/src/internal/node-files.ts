import type * as Fs from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import type * as Path from 'node:path';
import type * as Stream from 'node:stream';
import { loadBuiltin } from '@flagon/internal';

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
  const fs = loadBuiltin<typeof Fs>('node:fs');
  const fsPromises = loadBuiltin<typeof FsPromises>('node:fs/promises');
  const path = loadBuiltin<typeof Path>('node:path');
  const stream = loadBuiltin<typeof Stream>('node:stream');
  cached = fs && fsPromises && path && stream ? { fs, fsPromises, path, stream } : null;
  return cached ?? undefined;
}
