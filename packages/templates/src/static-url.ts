import type { Flagon } from '@flagon/core';
import { loadBuiltin } from '@flagon/internal';
import { fileSystem } from './internal/node-builtins.js';

/** Options of {@link staticUrl}. */
export interface StaticUrlOptions {
  /** Add `?v=<8 hex of the file's sha256>` for cache busting. Default false. */
  hash?: boolean;
  /** Read each file's hash once and keep it (production). Default true. */
  cacheHash?: boolean | (() => boolean);
}

/**
 * Makes the `static(filename)` template global: the URL of a file in the app's static folder
 * (`app.urlFor('static', { filename })`), with `?v=<hash>` when `hash` is on. A file that cannot be
 * read (missing, or a name with `..`) gets no `v`.
 *
 * @example
 * ```ts
 * const url = staticUrl(app, { hash: true });
 * url('style.css'); // '/static/style.css?v=3f2a9c1d'
 * ```
 */
export function staticUrl(app: Flagon, options: StaticUrlOptions = {}): (filename: string) => string {
  const hashes = new Map<string, string | null>();
  const keep = options.cacheHash ?? true;
  const keepHashes = typeof keep === 'function' ? keep : () => keep;
  return (filename: string) => {
    const url = app.urlFor('static', { filename });
    if (!options.hash || app.staticFolder === null) return url;
    const useCache = keepHashes();
    let hash = useCache ? hashes.get(filename) : undefined;
    if (hash === undefined) {
      hash = contentHash(app.staticFolder, filename);
      if (useCache) hashes.set(filename, hash);
    }
    return hash === null ? url : `${url}${url.includes('?') ? '&' : '?'}v=${hash}`;
  };
}

function contentHash(folder: string, filename: string): string | null {
  if (filename.split(/[\\/]/).includes('..') || filename.includes('\0')) return null;
  const crypto = loadBuiltin<typeof import('node:crypto')>('node:crypto');
  if (!crypto) return null;
  try {
    const bytes = fileSystem().readFileSync(
      `${folder.replace(/[\\/]+$/, '')}/${filename.replace(/^\/+/, '')}`,
    );
    return crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 8);
  } catch {
    return null;
  }
}
