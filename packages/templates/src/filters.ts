import { type Markup, markup } from './markup.js';

/** A filter or helper callable in templates: `<%= truncate(post.body, 80) %>`. */
export type Filter = (...args: never[]) => unknown;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DATE_TOKENS = /YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd|HH|H|hh|h|mm|ss|A|\[[^\]]*\]/g;

/** Options of {@link formatDate}. */
export interface FormatDateOptions {
  /** Format in UTC (default) or in the server's local time zone. */
  utc?: boolean;
}

/**
 * Formats a date with tokens: `YYYY YY MMMM MMM MM M DD D dddd ddd HH H hh h mm ss A`;
 * text in `[brackets]` is kept. Accepts a Date, a timestamp or an ISO string. UTC by default.
 * An invalid date prints as ''.
 *
 * @example
 * ```ts
 * formatDate(new Date('2026-03-05T14:07:00Z'), 'YYYY-MM-DD HH:mm'); // '2026-03-05 14:07'
 * ```
 */
export function formatDate(
  value: Date | string | number | null | undefined,
  pattern = 'YYYY-MM-DD',
  options: FormatDateOptions = {},
): string {
  if (value === null || value === undefined) return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const utc = options.utc !== false;
  const y = utc ? date.getUTCFullYear() : date.getFullYear();
  const mo = utc ? date.getUTCMonth() : date.getMonth();
  const d = utc ? date.getUTCDate() : date.getDate();
  const wd = utc ? date.getUTCDay() : date.getDay();
  const h = utc ? date.getUTCHours() : date.getHours();
  const mi = utc ? date.getUTCMinutes() : date.getMinutes();
  const s = utc ? date.getUTCSeconds() : date.getSeconds();
  const two = (n: number) => String(n).padStart(2, '0');
  return pattern.replace(DATE_TOKENS, (token) => {
    switch (token) {
      case 'YYYY':
        return String(y).padStart(4, '0');
      case 'YY':
        return two(y % 100);
      case 'MMMM':
        return MONTHS[mo] as string;
      case 'MMM':
        return (MONTHS[mo] as string).slice(0, 3);
      case 'MM':
        return two(mo + 1);
      case 'M':
        return String(mo + 1);
      case 'DD':
        return two(d);
      case 'D':
        return String(d);
      case 'dddd':
        return DAYS[wd] as string;
      case 'ddd':
        return (DAYS[wd] as string).slice(0, 3);
      case 'HH':
        return two(h);
      case 'H':
        return String(h);
      case 'hh':
        return two(h % 12 || 12);
      case 'h':
        return String(h % 12 || 12);
      case 'mm':
        return two(mi);
      case 'ss':
        return two(s);
      case 'A':
        return h < 12 ? 'AM' : 'PM';
      default:
        return token.slice(1, -1);
    }
  });
}

/**
 * Shortens text to `length` characters (counting the end marker), cutting at a word boundary
 * unless `killWords`. Markup is treated as text (the result is escaped again).
 *
 * @example
 * ```ts
 * truncate('The quick brown fox', 12); // 'The quick...'
 * ```
 */
export function truncate(value: unknown, length = 255, end = '...', killWords = false): string {
  const text = value === null || value === undefined ? '' : String(value);
  if (text.length <= length) return text;
  const room = Math.max(0, length - end.length);
  let cut = text.slice(0, room);
  if (!killWords && !/\s/.test(text.charAt(room))) {
    const space = cut.search(/\s\S*$/);
    if (space > 0) cut = cut.slice(0, space);
  }
  return cut.trimEnd() + end;
}

/**
 * The singular word for a count of 1 (or -1), else the plural (default: singular + "s").
 *
 * @example
 * ```ts
 * `${n} ${pluralize(n, 'comment')}`; // '1 comment', '3 comments'
 * pluralize(2, 'entry', 'entries'); // 'entries'
 * ```
 */
export function pluralize(
  count: number | readonly unknown[],
  singular: string,
  plural = `${singular}s`,
): string {
  const n = typeof count === 'number' ? count : count.length;
  return Math.abs(n) === 1 ? singular : plural;
}

const JSON_UNSAFE = /[<>&'\u2028\u2029]/g;
const JSON_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  "'": '\\u0027',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON for embedding in a `<script>` element or a single-quoted attribute, as Jinja's `|tojson`:
 * `<`, `>`, `&`, `'`, U+2028 and U+2029 are written as `\u` escapes, so `</script>` in the data
 * cannot end the script and `O'Brien` cannot end `data-x='…'`. Returns Markup, so
 * `<%= json(data) %>` prints it as it is. `undefined` becomes `null`.
 *
 * @example
 * ```ts
 * json({ q: '</script>', name: "O'Brien" }); // {"q":"\u003c/script\u003e","name":"O\u0027Brien"}
 * ```
 */
export function json(value: unknown, indent?: number): Markup {
  const text = JSON.stringify(value, null, indent) ?? 'null';
  return markup(text.replace(JSON_UNSAFE, (char) => JSON_ESCAPES[char] as string));
}

/**
 * The value, or `fallback` when it is undefined or null (or any falsy value with `boolean`).
 * Jinja2's `default`; templates call it `d(value, fallback)` or `filters.default(...)`.
 *
 * @example
 * ```ts
 * defaultValue(undefined, 'anonymous'); // 'anonymous'
 * ```
 */
export function defaultValue<T, F>(value: T, fallback: F, boolean = false): NonNullable<T> | F {
  if (boolean ? !value : value === undefined || value === null) return fallback;
  return value as NonNullable<T>;
}

/** Upper case. */
export function upper(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).toUpperCase();
}

/** Lower case. */
export function lower(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).toLowerCase();
}

/**
 * Title Case: each word's first letter upper case, the rest lower case (`it's` stays one word).
 *
 * @example
 * ```ts
 * title('hello WORLD'); // 'Hello World'
 * ```
 */
export function title(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return text
    .toLowerCase()
    .replace(
      /(^|[^\p{L}\p{N}'’])(\p{L})/gu,
      (_, before: string, letter: string) => before + letter.toUpperCase(),
    );
}

/**
 * The built-in filters, each callable by name in every template. Frozen; add your own with
 * `templates({ filters })` or `addFilter`.
 *
 * | name | does |
 * | --- | --- |
 * | `formatDate(d, 'YYYY-MM-DD')` | dates |
 * | `truncate(text, 80)` | shortens at a word |
 * | `pluralize(n, 'post')` | 'post' or 'posts' |
 * | `json(value)` | JSON safe inside `<script>` |
 * | `d(value, fallback)` / `filters.default` | Jinja2's `default` |
 * | `upper`, `lower`, `title` | case |
 */
export const BUILTIN_FILTERS: Readonly<Record<string, Filter>> = Object.freeze({
  formatDate: formatDate as Filter,
  truncate: truncate as Filter,
  pluralize: pluralize as Filter,
  json: json as Filter,
  default: defaultValue as Filter,
  d: defaultValue as Filter,
  upper: upper as Filter,
  lower: lower as Filter,
  title: title as Filter,
});
