import type { Context, FormValue } from '@flagon/core';
import type { AnyField, Choice, FieldConfig, Validator, ValidatorContext } from '../field.js';
import { formatMessage, type MessageCode, type MessageParams, type Messages } from '../messages.js';
import { ValidationError } from '../validation-error.js';

/** Everything a field's parse needs from its form. */
export interface ParseScope {
  readonly c: Context | undefined;
  readonly formMessages: Messages | undefined;
  readonly appMessages: Messages | undefined;
  readonly maxFieldLength: number;
  readonly values: Readonly<Record<string, string | readonly string[]>>;
  readonly labelOf: (name: string) => string;
}

/** A parsed value, or the field's error messages. */
export type Parsed = { ok: true; value: unknown } | { ok: false; errors: string[] };

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FALSE_VALUES = new Set(['', 'false', 'off', 'no', 'n', '0']);

/** The value of a choice. */
export function choiceValue(choice: Choice<string>): string {
  return typeof choice === 'string' ? choice : choice.value;
}

/** The label of a choice. */
export function choiceLabel(choice: Choice<string>): string {
  return typeof choice === 'string' ? choice : choice.label;
}

/** Parses a date `YYYY-MM-DD` to midnight UTC, or undefined. */
export function parseDate(text: string): Date | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    return undefined;
  return date;
}

/** `YYYY-MM-DD` of a date (UTC). */
export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function asDate(value: Date | string | number): Date | undefined {
  if (value instanceof Date) return value;
  return typeof value === 'string' ? parseDate(value) : new Date(value);
}

function humanSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** True when a file's type or name matches one of the allowed types. */
export function fileTypeAllowed(file: File, types: readonly string[]): boolean {
  const mime = file.type.toLowerCase();
  const name = file.name.toLowerCase();
  return types.some((raw) => {
    const type = raw.toLowerCase();
    if (type.startsWith('.')) return name.endsWith(type);
    if (type.endsWith('/*')) return mime.startsWith(type.slice(0, -1));
    return mime === type;
  });
}

/**
 * Parses and validates one field from its submitted values. Field-level problems (missing,
 * wrong type, too long, sent twice) are errors of the field, never exceptions.
 */
export async function parseField(
  name: string,
  field: AnyField,
  raw: readonly FormValue[],
  scope: ParseScope,
): Promise<Parsed> {
  const config = field.config;
  const label = scope.labelOf(name);
  const fail = (code: MessageCode, params: MessageParams = {}): Parsed => ({
    ok: false,
    errors: [
      formatMessage(
        code,
        { label, ...params },
        [config.messages, scope.formMessages, scope.appMessages],
        scope.c,
      ),
    ],
  });
  const kind = field.kind;
  const multiple = kind === 'multiSelect' || (kind === 'schema' && config.multiple === true);
  if (!multiple && raw.length > 1) return fail('duplicate');

  if (kind === 'file') {
    const value = raw[0];
    if (
      value === undefined ||
      value === '' ||
      (typeof value !== 'string' && value.size === 0 && !value.name)
    ) {
      return config.required ? fail('required') : { ok: true, value: undefined };
    }
    if (typeof value === 'string') return fail('file_expected');
    if (config.maxSize !== undefined && value.size > config.maxSize) {
      return fail('file_size', { size: humanSize(config.maxSize) });
    }
    if (config.types && !fileTypeAllowed(value, config.types)) {
      return fail('file_type', { types: config.types.join(', ') });
    }
    return custom(value, name, config, scope);
  }

  const texts: string[] = [];
  for (const value of raw) {
    if (typeof value !== 'string') return fail('text_expected');
    if (value.length > scope.maxFieldLength) return fail('too_long');
    texts.push(value);
  }

  if (kind === 'schema') {
    const schema = config.schema;
    if (!schema) return fail('invalid');
    const input = multiple ? texts : texts[0];
    const result = await schema['~standard'].validate(input);
    if (result.issues) return { ok: false, errors: result.issues.map((issue) => issue.message) };
    return custom(result.value, name, config, scope);
  }

  if (kind === 'multiSelect') {
    const allowed = new Set((config.choices ?? []).map(choiceValue));
    const picked: string[] = [];
    for (const text of texts) {
      if (!allowed.has(text)) return fail('choice');
      if (!picked.includes(text)) picked.push(text);
    }
    if (picked.length === 0 && config.required) return fail('required');
    const count = config.count;
    if (count?.min !== undefined && picked.length < count.min) return fail('count_min', { min: count.min });
    if (count?.max !== undefined && picked.length > count.max) return fail('count_max', { max: count.max });
    return custom(picked, name, config, scope);
  }

  if (kind === 'boolean') {
    const checked = texts[0] !== undefined && !FALSE_VALUES.has(texts[0].trim().toLowerCase());
    if (config.required && !checked) return fail('required_checkbox');
    return custom(checked, name, config, scope);
  }

  const first = texts[0] ?? '';
  const trim = config.trim ?? true;
  const text = trim ? first.trim() : first;
  if (text === '') return config.required ? fail('required') : { ok: true, value: undefined };

  if (config.equalTo !== undefined) {
    const other = scope.values[config.equalTo];
    const otherText = typeof other === 'string' ? other : (other?.[0] ?? '');
    if ((trim ? otherText.trim() : otherText) !== text) {
      return fail('equal_to', { other: scope.labelOf(config.equalTo) });
    }
  }

  let value: unknown = text;
  switch (kind) {
    case 'email':
      if (!EMAIL.test(text) || text.length > 254) return fail('email');
      break;
    case 'integer': {
      const n = Number(text);
      if (!INTEGER.test(text) || !Number.isSafeInteger(n)) return fail('integer');
      value = n;
      break;
    }
    case 'decimal': {
      const n = Number(text);
      if (!DECIMAL.test(text) || !Number.isFinite(n)) return fail('decimal');
      const places = text.includes('.') ? (text.split('.')[1] ?? '').length : 0;
      if (config.places !== undefined && places > config.places) {
        return fail('decimal_places', { places: config.places });
      }
      value = n;
      break;
    }
    case 'date': {
      const date = parseDate(text);
      if (!date) return fail('date');
      value = date;
      break;
    }
    case 'select':
      if (!(config.choices ?? []).some((choice) => choiceValue(choice) === text)) return fail('choice');
      break;
  }

  const length = config.length;
  if (typeof value === 'string' && length) {
    const chars = [...value].length;
    if (length.min !== undefined && chars < length.min) return fail('length_min', { min: length.min });
    if (length.max !== undefined && chars > length.max) return fail('length_max', { max: length.max });
  }
  if (config.pattern && typeof value === 'string') {
    const pattern = new RegExp(config.pattern.source, config.pattern.flags.replace(/[gy]/g, ''));
    if (!pattern.test(value)) return fail('pattern', { pattern: config.pattern.source });
  }
  const range = config.range;
  if (range && (typeof value === 'number' || value instanceof Date)) {
    const at = typeof value === 'number' ? value : value.getTime();
    const show = (bound: number | Date | string) =>
      typeof value === 'number' ? String(bound) : formatDay(asDate(bound) ?? new Date(Number.NaN));
    const bound = (b: number | Date | string) =>
      typeof b === 'number' ? b : (asDate(b)?.getTime() ?? Number.NaN);
    if (range.min !== undefined && at < bound(range.min)) return fail('range_min', { min: show(range.min) });
    if (range.max !== undefined && at > bound(range.max)) return fail('range_max', { max: show(range.max) });
  }
  return custom(value, name, config, scope);
}

async function custom(value: unknown, name: string, config: FieldConfig, scope: ParseScope): Promise<Parsed> {
  const validators = (
    config.validate === undefined ? [] : Array.isArray(config.validate) ? config.validate : [config.validate]
  ) as readonly Validator<unknown>[];
  const ctx: ValidatorContext = { c: scope.c, name, values: scope.values };
  for (const validator of validators) {
    try {
      const message = await validator(value, ctx);
      if (typeof message === 'string') return { ok: false, errors: [message] };
    } catch (error) {
      if (error instanceof ValidationError) return { ok: false, errors: [error.message] };
      throw error;
    }
  }
  return { ok: true, value };
}
