import { loadBuiltin } from '@flagon/internal';

/** The subset of `node:fs` the renderer uses. */
export interface FileSystem {
  readFileSync(path: string, encoding: 'utf8'): string;
  readFileSync(path: string): Uint8Array;
  statSync(
    path: string,
    options: { throwIfNoEntry: false },
  ): { mtimeMs: number; size: number; isFile(): boolean } | undefined;
}

let fs: FileSystem | undefined;

/** `node:fs`, or an error that says templates need precompiling on this runtime. */
export function fileSystem(): FileSystem {
  fs ??= loadBuiltin<FileSystem>('node:fs');
  if (!fs) {
    throw new Error(
      'Reading templates needs a file system (node:fs), and this runtime has none. ' +
        'Precompile them with buildTemplates() and pass templates({ precompiled }).',
    );
  }
  return fs;
}
