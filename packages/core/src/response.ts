/** What a view or hook may return: a Response, HTML text, JSON data, or `[body, status, headers?]`. */
export type ViewResult =
  | Response
  | string
  | Uint8Array
  | ReadableStream
  | { readonly [key: string]: unknown }
  | readonly unknown[];

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json';

function isTuple(value: readonly unknown[]): value is readonly [unknown, number, HeadersInit?] {
  if (value.length !== 2 && value.length !== 3) return false;
  const status = value[1];
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return false;
  const headers = value[2];
  return headers === undefined || typeof headers === 'object';
}

/**
 * Turns a view's return value into a Response. Throws a TypeError that names the endpoint when
 * the value cannot be a response (undefined, a number, a function …).
 */
export function toResponse(value: unknown, endpoint: string | null, extraHeaders?: Headers): Response {
  let response: Response;
  if (typeof value === 'string') response = new Response(value, { headers: { 'content-type': HTML } });
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    // The common JSON case first: a plain object.
    response = new Response(JSON.stringify(value), { headers: { 'content-type': JSON_TYPE } });
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
  } else if (value !== null && typeof value === 'object' && isJsonLike(value)) {
    response = new Response(JSON.stringify(value), { headers: { 'content-type': JSON_TYPE } });
  } else {
    throw new TypeError(
      `The view function for ${endpoint ? `"${endpoint}"` : 'this request'} did not return a valid response: ` +
        `it returned ${describe(value)}. Return a string (HTML), a plain object or array (JSON), a Response, ` +
        'or [body, status, headers].',
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
  if (typeof value === 'object') return `an instance of ${value.constructor?.name ?? 'an unknown class'}`;
  return `a ${typeof value} (${String(value)})`;
}

/** A JSON response. */
export function jsonResponse(value: unknown, status = 200, headers?: HeadersInit): Response {
  if (!headers)
    return new Response(JSON.stringify(value), { status, headers: { 'content-type': JSON_TYPE } });
  const h = new Headers(headers);
  if (!h.has('content-type')) h.set('content-type', JSON_TYPE);
  return new Response(JSON.stringify(value), { status, headers: h });
}

/** A redirect response. */
export function redirectResponse(location: string, status = 302): Response {
  return new Response(null, { status, headers: { location } });
}
