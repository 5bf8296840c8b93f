/**
 * What a view or hook may return: a Response, HTML text, JSON data, a stream (an async generator
 * or generator of strings or bytes, sent as HTML unless a header says otherwise), or
 * `[body, status, headers?]`.
 */
export type ViewResult =
  | Response
  | string
  | Uint8Array
  | ReadableStream
  | AsyncIterable<string | Uint8Array>
  | Generator<string | Uint8Array, unknown, undefined>
  | { readonly [key: string]: unknown }
  | readonly unknown[];

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json';

/**
 * Marks a response that {@link plainResponse} built with `Vary: Cookie` and whose headers nobody
 * has read since (so nobody changed them): the session phase knows it varies on Cookie without
 * reading its headers — on Node, reading them turns the server's lightweight response into a full
 * one, and writing it out costs more. A field of the response itself, not a WeakSet: adding to a
 * WeakSet on every request cost more than the check saves.
 */
const UNTOUCHED = Symbol('flagon.untouched');

interface Trackable {
  [UNTOUCHED]?: boolean;
}

/** The global Response class the tracking subclass was made for (a server may replace it). */
let trackedBase: typeof Response | undefined;
let Tracked: typeof Response = Response;

/** A subclass of the current global Response that forgets it is untouched once its headers are read. */
function trackedResponse(): typeof Response {
  const base = globalThis.Response;
  if (base !== trackedBase) {
    trackedBase = base;
    Tracked = class extends base {
      [UNTOUCHED] = true;
      override get headers(): Headers {
        this[UNTOUCHED] = false;
        return super.headers;
      }
    };
  }
  return Tracked;
}

/**
 * A response from a body and a content type, its headers built as a plain object (cheaper than a
 * Headers instance). With `varyCookie` (the session was read) it carries `Vary: Cookie` from the
 * start, so the session phase need not change its headers afterwards.
 */
export function plainResponse(
  body: string,
  status: number,
  contentType: string,
  varyCookie: boolean,
): Response {
  if (!varyCookie) return new Response(body, { status, headers: { 'content-type': contentType } });
  const Class = trackedResponse();
  return new Class(body, { status, headers: { 'content-type': contentType, vary: 'Cookie' } });
}

/** True when the response's `Vary` header already names Cookie (or is `*`). */
export function variesOnCookie(response: Response): boolean {
  if ((response as Trackable)[UNTOUCHED] === true) return true;
  const vary = response.headers.get('vary');
  if (vary === null) return false;
  for (const name of vary.split(',')) {
    const token = name.trim().toLowerCase();
    if (token === 'cookie' || token === '*') return true;
  }
  return false;
}

function isTuple(value: readonly unknown[]): value is readonly [unknown, number, HeadersInit?] {
  if (value.length !== 2 && value.length !== 3) return false;
  const status = value[1];
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return false;
  const headers = value[2];
  return headers === undefined || typeof headers === 'object';
}

/**
 * Turns a view's return value into a Response. An async iterable or a generator is streamed: each
 * string (UTF-8) or Uint8Array it yields is sent as it comes, as Flask streams generators. Throws a
 * TypeError that names the endpoint and the value's type when the value cannot be a response
 * (undefined, a number, a function, a Map …).
 *
 * @param extraHeaders headers set with `c.header()`, applied last (`Set-Cookie` appended)
 * @param varyCookie the request read its session: a string or object result is built with
 *   `Vary: Cookie` (when there are no extra headers; otherwise the session phase adds it)
 *
 * @example
 * ```ts
 * app.get('/rows', async function* rows() {
 *   for await (const row of db.stream('SELECT …')) yield `<tr><td>${row.id}</td></tr>`;
 * });
 * ```
 */
export function toResponse(
  value: unknown,
  endpoint: string | null,
  extraHeaders?: Headers,
  varyCookie = false,
): Response {
  let response: Response;
  // Vary is set up front only when no extra headers follow (they might set Vary themselves).
  const vary = varyCookie && !extraHeaders;
  if (typeof value === 'string') response = plainResponse(value, 200, HTML, vary);
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    // The common JSON case first: a plain object.
    response = plainResponse(JSON.stringify(value), 200, JSON_TYPE, vary);
  } else if (value instanceof Response) response = value;
  else if (Array.isArray(value) && isTuple(value)) {
    const [body, status, headers] = value;
    const inner = toResponse(body, endpoint);
    const merged = new Headers(inner.headers);
    if (headers) for (const [k, v] of new Headers(headers)) merged.set(k, v);
    response = new Response(status === 204 || status === 304 ? null : inner.body, {
      status,
      headers: merged,
    });
  } else if (value instanceof Uint8Array || value instanceof ReadableStream) {
    response = new Response(value as BodyInit, { headers: { 'content-type': 'application/octet-stream' } });
  } else if (value !== null && typeof value === 'object' && isStreamable(value)) {
    response = new Response(streamOf(value, endpoint), { headers: { 'content-type': HTML } });
  } else if (value !== null && typeof value === 'object' && isJsonLike(value)) {
    response = new Response(JSON.stringify(value), { headers: { 'content-type': JSON_TYPE } });
  } else {
    throw new TypeError(
      `The view function for ${viewName(endpoint)} did not return a valid response: ` +
        `it returned ${describe(value)}. Return a string (HTML), a plain object or array (JSON), a Response, ` +
        'an async generator of strings or bytes (streamed), or [body, status, headers].',
    );
  }
  if (extraHeaders) {
    for (const [key, val] of extraHeaders) {
      if (key === 'set-cookie') response.headers.append(key, val);
      else response.headers.set(key, val);
    }
  }
  return response;
}

function viewName(endpoint: string | null): string {
  return endpoint ? `"${endpoint}"` : 'this request';
}

/** An async iterable (an async generator) or a generator: a body to stream. */
function isStreamable(value: object): value is AsyncIterable<unknown> | Iterable<unknown> {
  return Symbol.asyncIterator in value || Object.prototype.toString.call(value) === '[object Generator]';
}

/**
 * The chunks of an (async) generator as a byte stream, pulled one at a time as the client reads.
 * A chunk that is not a string or bytes, or an error thrown by the generator, errors the stream,
 * so the connection is cut (the client never takes a truncated body for a whole one). A client
 * that goes away stops the generator (its `finally` blocks run).
 */
function streamOf(
  source: AsyncIterable<unknown> | Iterable<unknown>,
  endpoint: string | null,
): ReadableStream<Uint8Array> {
  const iterator: AsyncIterator<unknown> | Iterator<unknown> =
    Symbol.asyncIterator in source
      ? (source as AsyncIterable<unknown>)[Symbol.asyncIterator]()
      : (source as Iterable<unknown>)[Symbol.iterator]();
  const encoder = new TextEncoder();
  let chunks = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        let step: IteratorResult<unknown>;
        try {
          step = await iterator.next();
        } catch (error) {
          throw new Error(
            `The response stream of ${viewName(endpoint)} failed after ${chunks} chunk(s): ` +
              `${error instanceof Error ? error.message : String(error)}`,
            { cause: error },
          );
        }
        if (step.done) return controller.close();
        const chunk = step.value;
        const bytes =
          typeof chunk === 'string' ? encoder.encode(chunk) : chunk instanceof Uint8Array ? chunk : undefined;
        if (bytes === undefined) {
          await iterator.return?.();
          throw new TypeError(
            `The view function for ${viewName(endpoint)} streamed ${describe(chunk)} after ${chunks} chunk(s): ` +
              'yield strings or Uint8Array chunks.',
          );
        }
        chunks += 1;
        if (bytes.byteLength === 0) continue;
        return controller.enqueue(bytes);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

function isJsonLike(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return (
    proto === Object.prototype ||
    proto === null ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  );
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined (did the view forget to return?)';
  if (value === null) return 'null';
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'})`;
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return `an instance of ${typeof name === 'string' && name !== '' ? name : Object.prototype.toString.call(value).slice(8, -1)}`;
  }
  return `a ${typeof value} (${String(value)})`;
}

/** A JSON response. */
export function jsonResponse(value: unknown, status = 200, headers?: HeadersInit): Response {
  if (!headers) return plainResponse(JSON.stringify(value), status, JSON_TYPE, false);
  const h = new Headers(headers);
  if (!h.has('content-type')) h.set('content-type', JSON_TYPE);
  return new Response(JSON.stringify(value), { status, headers: h });
}

/** A redirect response. */
export function redirectResponse(location: string, status = 302): Response {
  return new Response(null, { status, headers: { location } });
}
