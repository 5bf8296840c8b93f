import { type BodyLimits, concatBytes, tooLarge } from './body-limits.js';
import { HTTPError } from './errors.js';

const CR = 13;
const LF = 10;
const DASH = 45;
/** The longest header block of one part; longer is a malformed body. */
const MAX_PART_HEADERS = 16 * 1024;

interface Part {
  readonly name: string;
  readonly filename: string | undefined;
  readonly type: string;
  readonly chunks: Uint8Array[];
  size: number;
}

/**
 * Parses a `multipart/form-data` body while it streams in: a form with more than MAX_FORM_PARTS
 * parts, or a text field over MAX_FORM_MEMORY_SIZE, is a 413 as soon as it shows, and the rest of
 * the body is not read. Files are kept as `File`s, all of them together bounded by MAX_UPLOAD_SIZE
 * (and the whole body by MAX_CONTENT_LENGTH, which the caller's chunk source enforces). A body that is not valid multipart is a 400.
 */
export async function parseMultipart(
  chunks: AsyncIterable<Uint8Array>,
  contentType: string,
  limits: BodyLimits,
): Promise<FormData> {
  const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const value = boundary?.[1] ?? boundary?.[2];
  if (!value) throw malformed('the Content-Type has no boundary');
  const delimiter = new TextEncoder().encode(`\r\n--${value}`);
  const data = new FormData();
  let parts = 0;
  let uploaded = 0;
  let state = 'preamble' as 'preamble' | 'after' | 'headers' | 'body' | 'done';
  let part: Part | undefined;
  // The first boundary has no CRLF before it: start as if one had arrived.
  let buf: Uint8Array = new Uint8Array([CR, LF]);

  const append = (bytes: Uint8Array): void => {
    if (!part || bytes.byteLength === 0) return;
    part.size += bytes.byteLength;
    if (part.filename === undefined) {
      const max = limits.maxFormMemorySize;
      if (max !== null && part.size > max) {
        throw tooLarge(
          { limit: max, key: 'MAX_FORM_MEMORY_SIZE' },
          `The form field ${JSON.stringify(part.name)}`,
        );
      }
    } else {
      uploaded += bytes.byteLength;
      const max = limits.maxUploadSize;
      if (max !== null && uploaded > max) {
        throw tooLarge(
          { limit: max, key: 'MAX_UPLOAD_SIZE' },
          `The upload, at file ${JSON.stringify(part.filename)},`,
        );
      }
    }
    part.chunks.push(bytes.slice());
  };

  const step = (): boolean => {
    if (state === 'preamble' || state === 'body') {
      const at = indexOf(buf, delimiter);
      if (at < 0) {
        const keep = Math.max(0, buf.byteLength - (delimiter.byteLength - 1));
        if (state === 'body') append(buf.subarray(0, keep));
        buf = buf.subarray(keep);
        return false;
      }
      if (state === 'body' && part) {
        append(buf.subarray(0, at));
        finish(data, part);
        part = undefined;
      }
      buf = buf.subarray(at + delimiter.byteLength);
      state = 'after';
      return true;
    }
    if (state === 'after') {
      let i = 0;
      while (i < buf.byteLength && (buf[i] === 32 || buf[i] === 9)) i++;
      if (buf.byteLength < i + 2) return false;
      if (buf[i] === DASH && buf[i + 1] === DASH) {
        state = 'done';
        return false;
      }
      if (buf[i] !== CR || buf[i + 1] !== LF) throw malformed('a boundary is not followed by a line break');
      buf = buf.subarray(i + 2);
      parts += 1;
      if (limits.maxFormParts !== null && parts > limits.maxFormParts) {
        throw tooLarge({ limit: limits.maxFormParts, key: 'MAX_FORM_PARTS' }, 'The form');
      }
      state = 'headers';
      return true;
    }
    if (state === 'headers') {
      const empty = buf.byteLength >= 2 && buf[0] === CR && buf[1] === LF;
      const end = empty ? 0 : indexOf(buf, HEADER_END);
      if (end < 0) {
        if (buf.byteLength > MAX_PART_HEADERS)
          throw malformed(`a part's headers are over ${MAX_PART_HEADERS} bytes`);
        return false;
      }
      part = readPartHeaders(new TextDecoder().decode(buf.subarray(0, end)));
      buf = buf.subarray(empty ? 2 : end + HEADER_END.byteLength);
      state = 'body';
      return true;
    }
    return false;
  };

  for await (const chunk of chunks) {
    if (state === 'done') continue;
    buf = buf.byteLength === 0 ? chunk : concatBytes([buf, chunk], buf.byteLength + chunk.byteLength);
    while (step()) {}
  }
  if (state !== 'done') throw malformed('the body ended before the closing boundary');
  return data;
}

const HEADER_END = new Uint8Array([CR, LF, CR, LF]);

function readPartHeaders(block: string): Part {
  let disposition = '';
  let type = '';
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (name === 'content-disposition') disposition = line.slice(colon + 1).trim();
    else if (name === 'content-type') type = line.slice(colon + 1).trim();
  }
  if (!/^form-data\s*(;|$)/i.test(disposition))
    throw malformed('a part has no Content-Disposition: form-data');
  const params = Object.create(null) as Record<string, string>;
  for (const match of disposition.matchAll(/;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g)) {
    const key = (match[1] as string).toLowerCase();
    params[key] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '').trim();
  }
  const name = params.name;
  if (name === undefined) throw malformed('a part has no name');
  let filename = params.filename;
  const extended = params['filename*'];
  if (extended !== undefined) {
    const quote = extended.indexOf("''");
    try {
      filename = decodeURIComponent(quote < 0 ? extended : extended.slice(quote + 2));
    } catch {
      throw malformed(`the filename* ${JSON.stringify(extended)} is not percent-encoded UTF-8`);
    }
  }
  return { name, filename, type, chunks: [], size: 0 };
}

function finish(data: FormData, part: Part): void {
  if (part.filename !== undefined) {
    data.append(part.name, new File(part.chunks as BlobPart[], part.filename, { type: part.type }));
  } else {
    data.append(part.name, new TextDecoder().decode(concatBytes(part.chunks, part.size)));
  }
}

/** The first index of `needle` in `haystack`, or -1. */
function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  const first = needle[0] as number;
  const last = haystack.byteLength - needle.byteLength;
  for (let i = haystack.indexOf(first); i >= 0 && i <= last; i = haystack.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.byteLength && haystack[i + j] === needle[j]) j++;
    if (j === needle.byteLength) return i;
  }
  return -1;
}

function malformed(reason: string): HTTPError {
  return new HTTPError(400, `The multipart form body could not be parsed: ${reason}.`);
}
