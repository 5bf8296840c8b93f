import type { Context } from '../context.js';
import { HTTPError } from '../errors.js';
import { type NodeFiles, nodeFiles } from '../internal/node-files.js';

const TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.zip': 'application/zip',
});

/** The content type for a file name, by extension. */
export function contentType(filename: string): string {
  const base = filename.slice(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return (dot > 0 && TYPES[base.slice(dot).toLowerCase()]) || 'application/octet-stream';
}

/** Options of {@link sendFile}. */
export interface SendFileOptions {
  /** Cache-Control max-age in seconds; default the app's SEND_FILE_MAX_AGE_DEFAULT. */
  maxAge?: number | null;
  /** Content-Type; default from the extension. */
  contentType?: string;
  /** Send as a download with this file name. */
  downloadName?: string;
  /**
   * With {@link sendFromDirectory}: serve names with a segment starting with `.` (`.env`,
   * `.git/config`, `.well-known/…`); default the app's SEND_FILE_ALLOW_DOTFILES (false: a 404).
   */
  allowDotfiles?: boolean;
}

/**
 * Sends a file from a folder, refusing any name that leaves it: `..` segments (also encoded),
 * backslashes, NUL bytes, absolute paths and symlinks pointing outside are all a 404. So is a
 * dotfile or a name inside a dot-folder (`.env`, `.git/config`) unless `allowDotfiles` (or the
 * app's `SEND_FILE_ALLOW_DOTFILES`) is true. On a runtime without a file system (Workers) every
 * file is a 404.
 *
 * @example
 * ```ts
 * app.get('/uploads/<path:name>', (c) => sendFromDirectory(c, uploadsFolder, c.params.name));
 * ```
 */
export async function sendFromDirectory(
  c: Context<never, unknown> | Context,
  directory: string,
  filename: string,
  options: SendFileOptions = {},
): Promise<Response> {
  const node = nodeFiles();
  const safe = node && safeJoin(directory, filename);
  if (!node || !safe) throw new HTTPError(404);
  const allowDotfiles = options.allowDotfiles ?? c.app.config.SEND_FILE_ALLOW_DOTFILES === true;
  if (!allowDotfiles && filename.split('/').some((part) => part.startsWith('.'))) throw new HTTPError(404);
  const { realpath } = node.fsPromises;
  const { sep } = node.path;
  let real: string;
  let realRoot: string;
  try {
    [real, realRoot] = await Promise.all([realpath(safe), realpath(directory)]);
  } catch {
    throw new HTTPError(404);
  }
  if (real !== realRoot && !real.startsWith(realRoot + sep)) throw new HTTPError(404);
  return sendFile(c, real, options);
}

/**
 * Joins a user-supplied name onto a folder, or returns undefined if the name is unsafe (or the
 * runtime has no file system).
 */
export function safeJoin(directory: string, filename: string): string | undefined {
  const node = nodeFiles();
  if (!node || typeof filename !== 'string' || filename === '') return undefined;
  const { isAbsolute, join, resolve, sep } = node.path;
  if (
    filename.includes('\0') ||
    filename.includes('\\') ||
    isAbsolute(filename) ||
    /^[a-zA-Z]:/.test(filename)
  ) {
    return undefined;
  }
  const parts = filename.split('/');
  if (parts.some((part) => part === '..' || part === '.' || part === '')) return undefined;
  const root = resolve(directory);
  const full = resolve(join(root, ...parts));
  return full.startsWith(root + sep) ? full : undefined;
}

/**
 * Sends a file with ETag, Last-Modified, 304 for If-None-Match / If-Modified-Since, 206 for a
 * single Range, and Cache-Control; the body is streamed, never read whole. A 404 on a runtime
 * without a file system.
 */
export async function sendFile(
  c: Context<never, unknown> | Context,
  path: string,
  options: SendFileOptions = {},
): Promise<Response> {
  const node = nodeFiles();
  if (!node) throw new HTTPError(404);
  const { lstat, stat } = node.fsPromises;
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    if ((await lstat(path)).isDirectory()) throw new HTTPError(404);
    info = await stat(path);
  } catch (error) {
    if (error instanceof HTTPError) throw error;
    throw new HTTPError(404);
  }
  if (!info.isFile()) throw new HTTPError(404);
  const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const lastModified = new Date(Math.floor(info.mtimeMs / 1000) * 1000);
  const headers = new Headers({
    'content-type': options.contentType ?? contentType(path),
    etag,
    'last-modified': lastModified.toUTCString(),
    'accept-ranges': 'bytes',
  });
  const maxAge =
    options.maxAge === undefined ? (c.app.config.SEND_FILE_MAX_AGE_DEFAULT as number | null) : options.maxAge;
  headers.set(
    'cache-control',
    maxAge === null || maxAge === undefined ? 'no-cache' : `public, max-age=${maxAge}`,
  );
  if (options.downloadName) {
    headers.set(
      'content-disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(options.downloadName)}`,
    );
  }
  const req = c.req;
  const ifNoneMatch = req.header('if-none-match');
  if (ifNoneMatch !== undefined) {
    // Weak comparison (RFC 9110 8.8.3.2): W/"x" matches "x".
    const matches = ifNoneMatch.split(',').some((tag) => {
      const trimmed = tag.trim();
      return trimmed === '*' || (trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed) === etag;
    });
    if (matches) {
      return new Response(null, { status: 304, headers });
    }
  } else {
    const since = Date.parse(req.header('if-modified-since') ?? '');
    if (!Number.isNaN(since) && lastModified.getTime() <= since)
      return new Response(null, { status: 304, headers });
  }
  const size = info.size;
  const range = req.header('range');
  const ifRange = req.header('if-range');
  if (range && (ifRange === undefined || ifRange === etag) && req.method !== 'HEAD') {
    const parsed = parseRange(range, size);
    if (parsed === 'unsatisfiable') {
      headers.set('content-range', `bytes */${size}`);
      return new Response(null, { status: 416, headers });
    }
    if (parsed) {
      const [start, end] = parsed;
      headers.set('content-range', `bytes ${start}-${end}/${size}`);
      headers.set('content-length', String(end - start + 1));
      return new Response(stream(path, start, end), { status: 206, headers });
    }
  }
  headers.set('content-length', String(size));
  if (req.method === 'HEAD') return new Response(null, { status: 200, headers });
  return new Response(size === 0 ? null : stream(path, 0, size - 1), { status: 200, headers });
}

function stream(path: string, start: number, end: number): ReadableStream<Uint8Array> {
  const { fs, stream } = nodeFiles() as NodeFiles;
  return stream.Readable.toWeb(fs.createReadStream(path, { start, end })) as ReadableStream<Uint8Array>;
}

/**
 * Parses one `bytes=` range. Multi-range requests and invalid ones (`bytes=5-2`: the last byte
 * before the first) are ignored, so the whole file is sent (RFC 9110 14.2).
 */
function parseRange(header: string, size: number): [number, number] | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, a = '', b = ''] = match;
  if (a === '' && b === '') return undefined;
  let start: number;
  let end: number;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    if (b !== '' && Number(b) < start) return undefined;
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return [start, end];
}
