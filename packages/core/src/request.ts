import { parseCookieHeader } from './cookies.js';
import { HTTPError } from './errors.js';

/** A value of a submitted form: text, or a file for multipart uploads. */
export type FormValue = string | File;

/**
 * The incoming request as views see it (`c.req`): Hono's request API, with body readers that
 * answer malformed input with a 400 naming the problem, a 415 for the wrong media type, and a
 * 413 when the body is larger than MAX_CONTENT_LENGTH.
 */
export class FlagonRequest {
  /** The standard Web request. */
  readonly raw: Request;
  /** The path, percent-encoded as sent (without the query string). */
  readonly path: string;
  readonly #maxLength: number | null;
  #url: URL | undefined;
  #cookies: Map<string, string> | undefined;
  #body: Promise<Uint8Array> | undefined;
  #form: Promise<FormData> | undefined;

  constructor(raw: Request, path: string, maxContentLength: number | null) {
    this.raw = raw;
    this.path = path;
    this.#maxLength = maxContentLength;
  }

  /** The request method, upper-case. */
  get method(): string {
    return this.raw.method;
  }

  /** The full URL as text. */
  get url(): string {
    return this.raw.url;
  }

  /** The parsed URL. */
  get parsedUrl(): URL {
    this.#url ??= new URL(this.raw.url);
    return this.#url;
  }

  /** A request header, or undefined. */
  header(name: string): string | undefined {
    return this.raw.headers.get(name) ?? undefined;
  }

  /** One query-string value (the first), or all of them as an object when no name is given. */
  query(name: string): string | undefined;
  query(): Record<string, string>;
  query(name?: string): string | undefined | Record<string, string> {
    const params = this.parsedUrl.searchParams;
    if (name !== undefined) return params.get(name) ?? undefined;
    const out: Record<string, string> = {};
    for (const [key, value] of params) if (!(key in out)) out[key] = value;
    return out;
  }

  /** Every value of a query-string key. */
  queries(name: string): string[] {
    return this.parsedUrl.searchParams.getAll(name);
  }

  /** A cookie sent with the request (unsigned), or undefined. */
  cookie(name: string): string | undefined {
    this.#cookies ??= parseCookieHeader(this.raw.headers.get('cookie'));
    return this.#cookies.get(name);
  }

  /** The media type of the body, lower-case, without parameters. */
  get mimetype(): string {
    const type = this.raw.headers.get('content-type') ?? '';
    const semi = type.indexOf(';');
    return (semi < 0 ? type : type.slice(0, semi)).trim().toLowerCase();
  }

  /** True when the body is JSON (`application/json` or `+json`). */
  get isJson(): boolean {
    const type = this.mimetype;
    return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
  }

  /** The raw body bytes, read once; 413 when over MAX_CONTENT_LENGTH. */
  bytes(): Promise<Uint8Array> {
    this.#body ??= readLimited(this.raw, this.#maxLength);
    return this.#body;
  }

  /** The body as UTF-8 text. */
  async text(): Promise<string> {
    return new TextDecoder().decode(await this.bytes());
  }

  /**
   * The body parsed as JSON. A body that is not JSON-typed is a 415; malformed JSON is a 400
   * that says where parsing failed.
   */
  async json<T = unknown>(): Promise<T> {
    if (!this.isJson) {
      throw new HTTPError(
        415,
        `Did not attempt to load JSON data because the request Content-Type was not 'application/json' (got ${JSON.stringify(this.mimetype || 'none')}).`,
      );
    }
    const text = await this.text();
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new HTTPError(400, `Failed to decode JSON object: ${(error as Error).message}`, { cause: error });
    }
  }

  /** The submitted form (urlencoded or multipart) as FormData; 400 when it does not parse. */
  formData(): Promise<FormData> {
    this.#form ??= this.#parseForm();
    return this.#form;
  }

  /**
   * The submitted form as an object of strings (files kept as `File`); a repeated field keeps its
   * first value (use {@link formData} for all). A non-form body gives an empty object, as in Flask.
   */
  async form(): Promise<Record<string, FormValue>> {
    const data = await this.formData();
    const out: Record<string, FormValue> = {};
    for (const [key, value] of data) if (!(key in out)) out[key] = value;
    return out;
  }

  async #parseForm(): Promise<FormData> {
    const type = this.mimetype;
    if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') return new FormData();
    const bytes = await this.bytes();
    if (type === 'application/x-www-form-urlencoded') {
      const data = new FormData();
      const params = new URLSearchParams(new TextDecoder().decode(bytes));
      for (const [key, value] of params) data.append(key, value);
      return data;
    }
    try {
      const copy = new Request('http://form.invalid/', {
        method: 'POST',
        headers: { 'content-type': this.raw.headers.get('content-type') ?? '' },
        body: bytes as Uint8Array<ArrayBuffer>,
      });
      return await copy.formData();
    } catch (error) {
      throw new HTTPError(400, `The multipart form body could not be parsed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
}

/** Reads a body into memory, stopping with a 413 as soon as it passes `limit` bytes. */
async function readLimited(request: Request, limit: number | null): Promise<Uint8Array> {
  if (limit !== null) {
    const declared = Number(request.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  }
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (limit !== null && total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function tooLarge(limit: number): HTTPError {
  return new HTTPError(413, `The request body is larger than MAX_CONTENT_LENGTH (${limit} bytes).`);
}
