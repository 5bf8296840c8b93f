import type { CoreConfig } from './defaults.js';
import { HTTPError, SetupError } from './errors.js';

/** The body limits a request enforces, read once from the config when the app starts serving. */
export interface BodyLimits {
  /** MAX_CONTENT_LENGTH: the cap for every body, multipart uploads included; null for none. */
  readonly maxContentLength: number | null;
  /** MAX_BODY_SIZE: the cap for a body read whole into memory (JSON, text, urlencoded forms). */
  readonly maxBodySize: number | null;
  /** MAX_FORM_MEMORY_SIZE: the cap for one non-file form field. */
  readonly maxFormMemorySize: number | null;
  /** MAX_FORM_PARTS: the most fields (and files) a form may have. */
  readonly maxFormParts: number | null;
  /** MAX_UPLOAD_SIZE: the most bytes of files one multipart form may carry, all files together. */
  readonly maxUploadSize: number | null;
}

/** The key that names a limit in messages. */
export type LimitKey =
  | 'MAX_CONTENT_LENGTH'
  | 'MAX_BODY_SIZE'
  | 'MAX_FORM_MEMORY_SIZE'
  | 'MAX_FORM_PARTS'
  | 'MAX_UPLOAD_SIZE';

/** A cap in bytes and the config key it comes from. */
export interface ByteCap {
  readonly limit: number;
  readonly key: LimitKey;
}

/** No limits at all (a request made outside an app). */
export const NO_LIMITS: BodyLimits = Object.freeze({
  maxContentLength: null,
  maxBodySize: null,
  maxFormMemorySize: null,
  maxFormParts: null,
  maxUploadSize: null,
});

/**
 * Reads and checks the five limit keys. Throws `SetupError` naming the key when a value is not a
 * non-negative integer or null.
 */
export function readBodyLimits(config: Partial<CoreConfig>): BodyLimits {
  return Object.freeze({
    maxContentLength: limitValue(config, 'MAX_CONTENT_LENGTH'),
    maxBodySize: limitValue(config, 'MAX_BODY_SIZE'),
    maxFormMemorySize: limitValue(config, 'MAX_FORM_MEMORY_SIZE'),
    maxFormParts: limitValue(config, 'MAX_FORM_PARTS'),
    maxUploadSize: limitValue(config, 'MAX_UPLOAD_SIZE'),
  });
}

function limitValue(config: Partial<CoreConfig>, key: LimitKey): number | null {
  const value = config[key];
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new SetupError(
      `Config key ${key} must be a whole number of ${key === 'MAX_FORM_PARTS' ? 'parts' : 'bytes'} (0 or more) or null for no limit, got ${JSON.stringify(value) ?? String(value)}.`,
      'bad_config',
    );
  }
  return value;
}

/** The smaller of two caps, keeping the key of the one that applies; undefined when both are off. */
export function smallerCap(
  a: number | null,
  aKey: LimitKey,
  b: number | null,
  bKey: LimitKey,
): ByteCap | undefined {
  if (a === null && b === null) return undefined;
  if (b === null || (a !== null && a <= b)) return { limit: a as number, key: aKey };
  return { limit: b, key: bKey };
}

/** The 413 for a body over a cap, naming the limit and the key that sets it. */
export function tooLarge(cap: ByteCap, what = 'The request body'): HTTPError {
  const unit = cap.key === 'MAX_FORM_PARTS' ? 'parts' : 'bytes';
  return new HTTPError(
    413,
    `${what} is over ${cap.key} (${cap.limit} ${unit}). Raise ${cap.key} in the config if such requests are expected.`,
  );
}

/** Refuses a request whose declared Content-Length is already over the cap, before reading. */
export function checkDeclaredLength(request: Request, cap: ByteCap | undefined): void {
  if (!cap) return;
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > cap.limit) throw tooLarge(cap);
}

/**
 * The chunks of a body, stopping with a 413 as soon as more than the cap has arrived; the rest is
 * never read (the stream is cancelled), so memory holds at most the cap.
 */
export async function* limitedChunks(
  body: ReadableStream<Uint8Array> | null,
  cap: ByteCap | undefined,
): AsyncGenerator<Uint8Array> {
  if (!body) return;
  const reader = body.getReader();
  let total = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      total += value.byteLength;
      if (cap && total > cap.limit) throw tooLarge(cap);
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
  }
}

/** Reads a body whole, within a cap (see {@link limitedChunks}). */
export async function readLimited(request: Request, cap: ByteCap | undefined): Promise<Uint8Array> {
  checkDeclaredLength(request, cap);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of limitedChunks(request.body, cap)) {
    chunks.push(chunk);
    total += chunk.byteLength;
  }
  return concatBytes(chunks, total);
}

/** Joins byte chunks into one array (no copy for a single chunk). */
export function concatBytes(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
