/**
 * Node built-ins, loaded lazily through `process.getBuiltinModule` so that the main entry has no
 * static `node:` import and runs where there is no file system (Workers, with precompiled
 * templates). Returns undefined where the module does not exist.
 */
export function loadBuiltin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.(id) as T | undefined;
}

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
