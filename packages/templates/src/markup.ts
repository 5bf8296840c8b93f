import { escapeHtml as escapeText } from '@flagon/core';

/**
 * HTML that is already safe: autoescaping prints it as it is. Helpers return it for markup they
 * build themselves, so that `<%= %>` does not escape it twice (Jinja2's `Markup`).
 *
 * @example
 * ```ts
 * const bold = (text: string) => markup(`<b>${escapeHtml(text)}</b>`);
 * ```
 */
export class Markup {
  /** The HTML. */
  readonly html: string;

  constructor(html: string) {
    this.html = html;
  }

  /** The HTML, so that raw output (`<%~ %>`) and string concatenation print it. */
  toString(): string {
    return this.html;
  }

  /** The HTML, for `JSON.stringify`. */
  toJSON(): string {
    return this.html;
  }
}

/**
 * Marks a string as safe HTML. Only pass HTML you built or trust: it is printed unescaped.
 *
 * @example
 * ```ts
 * markup('<em>new</em>'); // <%= %> prints <em>new</em>
 * ```
 */
export function markup(html: string | Markup): Markup {
  return html instanceof Markup ? html : new Markup(String(html));
}

/**
 * Escapes a value for HTML text and quoted attribute values (`&`, `<`, `>`, `"`, `'`), by
 * `@flagon/core`'s `escapeHtml` rule. `Markup` passes through unchanged; `null` and `undefined`
 * print as the empty string; other values are escaped as `String(value)`.
 * This is the function `<%= %>` uses in autoescaped templates.
 *
 * @example
 * ```ts
 * escapeHtml('<script>'); // '&lt;script&gt;'
 * escapeHtml(markup('<b>ok</b>')); // '<b>ok</b>'
 * ```
 */
export function escapeHtml(value: unknown): string {
  if (typeof value === 'string') return escapeText(value);
  if (value === undefined || value === null) return '';
  if (value instanceof Markup) return value.html;
  return escapeText(String(value));
}

/** `<%= %>` in templates that are not autoescaped: the value as text, `null`/`undefined` as ''. */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return String(value);
}
