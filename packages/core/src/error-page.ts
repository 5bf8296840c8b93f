import { type AcceptQuality, acceptQuality } from './content-negotiation.js';
import type { HTTPError } from './errors.js';

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const HTML_SPECIAL = /[&<>"']/;
const HTML_SPECIAL_ALL = /[&<>"']/g;

function htmlEntity(char: string): string {
  return HTML_ENTITIES[char] as string;
}

/**
 * Escapes text for HTML content and quoted attribute values: `&`, `<`, `>`, `"` and `'` become
 * `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&#39;`. Text without them comes back as it is. The one
 * escaping rule of Flagon: error pages use it, and so does `@flagon/templates`' autoescaping
 * (whose `escapeHtml` also takes `Markup`, `null` and numbers).
 *
 * @param text - The text to escape.
 * @returns The text, safe between tags and inside `"…"` or `'…'` attribute values.
 *
 * @example
 * ```ts
 * import { escapeHtml } from '@flagon/core';
 * app.route('/hello/<name>', (c) => `<h1>Hello, ${escapeHtml(c.params.name)}!</h1>`);
 * escapeHtml(`<a title='x'>Tom & "Jerry"</a>`);
 * // '&lt;a title=&#39;x&#39;&gt;Tom &amp; &quot;Jerry&quot;&lt;/a&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return HTML_SPECIAL.test(text) ? text.replace(HTML_SPECIAL_ALL, htmlEntity) : text;
}

/** True when the client's Accept header prefers JSON over HTML (a bare `*\/*` ranks below either). */
export function prefersJson(request: Request): boolean {
  const accept = request.headers.get('accept');
  if (!accept) return false;
  const json = rank(acceptQuality(accept, 'application/json'));
  return json > 0 && json > rank(acceptQuality(accept, 'text/html'));
}

// A bare */* says nothing of preference: rank it below an explicit type.
function rank({ q, specificity }: AcceptQuality): number {
  return specificity === 0 ? q / 2 : q;
}

/** The default page for an HTTP error: HTML, or JSON when the client prefers it. */
export function errorPage(error: HTTPError, request: Request): Response {
  const headers = new Headers(error.headers);
  if (prefersJson(request)) {
    headers.set('content-type', 'application/json');
    return new Response(
      JSON.stringify({ error: { status: error.status, title: error.title, message: error.message } }),
      { status: error.status, headers },
    );
  }
  headers.set('content-type', 'text/html; charset=utf-8');
  const body =
    `<!doctype html>\n<html lang="en">\n<title>${error.status} ${escapeHtml(error.title)}</title>\n` +
    `<h1>${escapeHtml(error.title)}</h1>\n<p>${escapeHtml(error.message)}</p>\n`;
  return new Response(body, { status: error.status, headers });
}

/** The debug page for an unhandled error: the stack, any code frame, and the request. Debug mode only. */
export function debugPage(error: unknown, request: Request, endpoint: string | null): Response {
  const err = error instanceof Error ? error : new Error(String(error));
  const frame = (err as { codeFrame?: unknown }).codeFrame;
  const causes: string[] = [];
  let cause = err.cause;
  while (cause instanceof Error && causes.length < 5) {
    causes.push(cause.stack ?? String(cause));
    cause = cause.cause;
  }
  const headers = [...request.headers].map(([k, v]) => `${k}: ${k === 'cookie' ? '[hidden]' : v}`).join('\n');
  const body =
    `<!doctype html>\n<html lang="en">\n<title>${escapeHtml(err.name)}: ${escapeHtml(err.message)} // Flagon debugger</title>\n` +
    '<style>body{font-family:system-ui,sans-serif;margin:2em}pre{background:#f6f6f6;padding:1em;overflow:auto}</style>\n' +
    `<h1>${escapeHtml(err.name)}</h1>\n<p><strong>${escapeHtml(err.message)}</strong></p>\n` +
    (typeof frame === 'string'
      ? `<h2>Where</h2>\n<pre class="code-frame">${escapeHtml(frame)}</pre>\n`
      : '') +
    `<h2>Traceback</h2>\n<pre class="stack">${escapeHtml(err.stack ?? String(err))}</pre>\n` +
    causes.map((c) => `<h2>Caused by</h2>\n<pre>${escapeHtml(c)}</pre>\n`).join('') +
    `<h2>Request</h2>\n<pre>${escapeHtml(`${request.method} ${request.url}\nendpoint: ${endpoint ?? '(none)'}\n${headers}`)}</pre>\n` +
    '<p>This page is shown because DEBUG is on. Never enable debug mode in production.</p>\n';
  return new Response(body, { status: 500, headers: { 'content-type': 'text/html; charset=utf-8' } });
}
