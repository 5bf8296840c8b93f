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

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const SPECIAL = /[&<>"']/;
const SPECIAL_ALL = /[&<>"']/g;

function entity(char: string): string {
  return ENTITIES[char] as string;
}

/**
 * Escapes a value for HTML text and quoted attribute values (`&`, `<`, `>`, `"`, `'`).
 * `Markup` passes through unchanged; `null` and `undefined` print as the empty string.
 * This is the function `<%= %>` uses in autoescaped templates.
 *
 * @example
 * ```ts
 * escapeHtml('<script>'); // '&lt;script&gt;'
 * ```
 */
export function escapeHtml(value: unknown): string {
  if (typeof value === 'string') {
    return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, entity) : value;
  }
  if (value === undefined || value === null) return '';
  if (value instanceof Markup) return value.html;
  const text = String(value);
  return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, entity) : text;
}

/** `<%= %>` in templates that are not autoescaped: the value as text, `null`/`undefined` as ''. */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return String(value);
}
