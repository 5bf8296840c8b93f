/**
 * A URL converter: how a `<name:param>` part of a rule matches, becomes a value, and is
 * written back into a URL by `urlFor`.
 *
 * @example
 * ```ts
 * const hex: Converter<number> = {
 *   regex: '[0-9a-f]+',
 *   toValue: (raw) => Number.parseInt(raw, 16),
 *   toUrl: (value) => value.toString(16),
 * };
 * app.converter('hex', hex);
 * app.get('/color/<hex:rgb>', (c) => String(c.params.rgb));
 * ```
 */
export interface Converter<T = unknown> {
  /** A regular expression source (no anchors, no capture groups) for one segment or more. */
  readonly regex: string;
  /** Turns the matched text (already percent-decoded) into the value; return {@link NO_MATCH} or throw to reject (404). */
  toValue(raw: string): T | typeof NO_MATCH;
  /** Turns a value back into URL text (unencoded; `urlFor` encodes it). Throw to reject a value. */
  toUrl(value: T): string;
}

/** A converter factory, called with the arguments written in the rule: `<any(a,b):kind>`. */
export type ConverterFactory<T = unknown> = (args: readonly string[]) => Converter<T>;

/** Returned by {@link Converter.toValue} when the text does not convert: the route does not match. */
export const NO_MATCH: unique symbol = Symbol('flagon.no-match');

/**
 * The value types of converters by name, for template-literal inference of `c.params`.
 * Augment it to type a custom converter:
 *
 * @example
 * ```ts
 * declare module '@flagon/core' {
 *   interface ConverterTypes { hex: number }
 * }
 * ```
 */
export interface ConverterTypes {
  string: string;
  int: number;
  float: number;
  path: string;
  uuid: string;
}

function segmentText(value: unknown, name: string): string {
  if (value === undefined || value === null) throw new TypeError(`${name} converter got ${String(value)}`);
  return String(value);
}

const stringConverter: ConverterFactory<string> = (args) => {
  const options = parseOptions(args);
  const min = Number(options.minlength ?? 1);
  const max = options.maxlength === undefined ? '' : Number(options.maxlength);
  const length = options.length === undefined ? `{${min},${max}}` : `{${Number(options.length)}}`;
  return {
    regex: `[^/]${length}`,
    toValue: (raw) => raw,
    toUrl: (value) => segmentText(value, 'string'),
  };
};

const intConverter: ConverterFactory<number> = (args) => {
  const options = parseOptions(args);
  const signed = options.signed === 'True' || options.signed === 'true';
  const min = options.min === undefined ? undefined : Number(options.min);
  const max = options.max === undefined ? undefined : Number(options.max);
  return {
    regex: signed ? '-?\\d+' : '\\d+',
    toValue(raw) {
      const value = Number(raw);
      if (!Number.isSafeInteger(value)) return NO_MATCH;
      if ((min !== undefined && value < min) || (max !== undefined && value > max)) return NO_MATCH;
      return value;
    },
    toUrl(value) {
      if (typeof value !== 'number' || !Number.isInteger(value) || (!signed && value < 0)) {
        throw new TypeError(
          `expected ${signed ? 'an' : 'a non-negative'} integer, got ${JSON.stringify(value)}`,
        );
      }
      return String(value);
    },
  };
};

const floatConverter: ConverterFactory<number> = (args) => {
  const signed = parseOptions(args).signed === 'true' || parseOptions(args).signed === 'True';
  return {
    regex: signed ? '-?\\d+\\.\\d+' : '\\d+\\.\\d+',
    toValue(raw) {
      const value = Number(raw);
      return Number.isFinite(value) ? value : NO_MATCH;
    },
    toUrl(value) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new TypeError(`expected a finite number, got ${JSON.stringify(value)}`);
      }
      const text = String(value);
      return text.includes('.') ? text : `${text}.0`;
    },
  };
};

const pathConverter: ConverterFactory<string> = () => ({
  regex: '.+',
  toValue: (raw) => raw,
  toUrl: (value) => segmentText(value, 'path'),
});

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const uuidConverter: ConverterFactory<string> = () => ({
  regex: '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}',
  toValue: (raw) => raw.toLowerCase(),
  toUrl(value) {
    if (typeof value !== 'string' || !UUID.test(value))
      throw new TypeError(`expected a UUID, got ${JSON.stringify(value)}`);
    return value.toLowerCase();
  },
});

const anyConverter: ConverterFactory<string> = (args) => {
  const items = args.filter((arg) => !arg.includes('='));
  if (items.length === 0)
    throw new TypeError('the any converter needs at least one item, e.g. <any(a,b):kind>');
  const allowed = new Set(items);
  return {
    regex: items.map((item) => item.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
    toValue: (raw) => (allowed.has(raw) ? raw : NO_MATCH),
    toUrl(value) {
      if (!allowed.has(value))
        throw new TypeError(`expected one of ${items.join(', ')}, got ${JSON.stringify(value)}`);
      return value;
    },
  };
};

/** The built-in converters, as in Flask: string (default), int, float, path, uuid, any. */
export const DEFAULT_CONVERTERS: Readonly<Record<string, ConverterFactory>> = Object.freeze({
  default: stringConverter as ConverterFactory,
  string: stringConverter as ConverterFactory,
  int: intConverter as ConverterFactory,
  float: floatConverter as ConverterFactory,
  path: pathConverter as ConverterFactory,
  uuid: uuidConverter as ConverterFactory,
  any: anyConverter as ConverterFactory,
});

function parseOptions(args: readonly string[]): Record<string, string> {
  const options: Record<string, string> = {};
  for (const arg of args) {
    const at = arg.indexOf('=');
    if (at > 0) options[arg.slice(0, at).trim()] = arg.slice(at + 1).trim();
  }
  return options;
}
