import type { Context } from '@flagon/core';
import type { InferSchemaOutput as InferOutput, StandardSchemaV1 } from '@flagon/internal';
import type { Messages } from './messages.js';

/** The kinds of field; each parses and renders its own way. */
export type FieldKind =
  | 'text'
  | 'textarea'
  | 'email'
  | 'password'
  | 'hidden'
  | 'integer'
  | 'decimal'
  | 'boolean'
  | 'select'
  | 'multiSelect'
  | 'date'
  | 'file'
  | 'schema';

/** What a custom validator receives besides the value. */
export interface ValidatorContext {
  /** The request, or undefined when the form was parsed outside one. */
  readonly c: Context | undefined;
  /** The field's name. */
  readonly name: string;
  /** Every submitted value, raw, by field name (first value for repeated fields). */
  readonly values: Readonly<Record<string, string | readonly string[]>>;
}

/**
 * A custom validator, sync or async: return an error message, or nothing when the value is
 * fine (throwing a {@link ValidationError} works too). Runs only on a present value that
 * passed the field's own checks.
 *
 * @example
 * ```ts
 * const notTaken: Validator<string> = async (name) =>
 *   (await db.users.findBy({ name })) ? 'That username is taken.' : undefined;
 * ```
 */
export type Validator<T> = (
  value: T,
  ctx: ValidatorContext,
) => string | undefined | void | Promise<string | undefined | void>;

/** HTML attributes: `true` writes the bare name, `false`/null/undefined leave it out. */
export type Attrs = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** Options every field takes. */
export interface FieldOptions<T> {
  /** The label; default the field name with its first letter upper-cased and `_` as spaces. */
  label?: string;
  /** Help text under the input, linked with `aria-describedby`. */
  description?: string;
  /** An empty value is an error. The parsed type then has no `undefined`. */
  required?: boolean;
  /** The element id; default the field name. */
  id?: string;
  /** Message overrides for this field. */
  messages?: Messages;
  /** Custom validators, run in order after the built-in checks; the first error stops. */
  validate?: Validator<T> | readonly Validator<T>[];
  /** Must equal this other field's submitted value (`confirm` equal to `password`). */
  equalTo?: string;
  /** Extra attributes for the input (`placeholder`, `autocomplete`, `class`…). */
  attrs?: Attrs;
}

/** A minimum and/or maximum. */
export interface Bounds<T> {
  min?: T;
  max?: T;
}

/** Options of text-like fields. */
export interface TextOptions extends FieldOptions<string> {
  /** Length limits in characters (also written as `minlength`/`maxlength`). */
  length?: Bounds<number>;
  /** The value must match this pattern (the whole value, for `/^…$/`). */
  pattern?: RegExp;
  /** Trim surrounding whitespace; default true (false for passwords). */
  trim?: boolean;
}

/** Options of number fields. */
export interface NumberOptions extends FieldOptions<number> {
  /** Value limits (also written as `min`/`max`). */
  range?: Bounds<number>;
}

/** Options of decimal fields. */
export interface DecimalOptions extends NumberOptions {
  /** The most decimal places allowed. */
  places?: number;
}

/** Options of date fields; bounds are `Date`s or `YYYY-MM-DD` text. */
export interface DateOptions extends FieldOptions<Date> {
  range?: Bounds<Date | string>;
}

/** A choice of a select: its value, or a value with a label. */
export type Choice<V extends string> = V | { readonly value: V; readonly label: string };

/** Options of a multi-select. */
export interface MultiSelectOptions<V extends string> extends FieldOptions<V[]> {
  /** How many choices must (at least, at most) be picked. */
  count?: Bounds<number>;
}

/** Options of a file upload. */
export interface FileOptions extends FieldOptions<File> {
  /** The largest file in bytes. */
  maxSize?: number;
  /** Allowed types: media types (`image/png`, `image/*`) or extensions (`.pdf`). */
  types?: readonly string[];
}

/** Options of a field validated by a Standard Schema. */
export interface SchemaFieldOptions<T> extends Omit<FieldOptions<T>, 'required'> {
  /** Pass every submitted value as an array (for a multi-valued field). */
  multiple?: boolean;
  /** How to render it; default 'text'. */
  input?: 'text' | 'textarea' | 'email' | 'password' | 'hidden' | 'number' | 'date' | 'checkbox';
}

/** The configuration of a field, as the form reads it. */
export interface FieldConfig extends FieldOptions<never> {
  readonly length?: Bounds<number>;
  readonly pattern?: RegExp;
  readonly trim?: boolean;
  readonly range?: Bounds<number | Date | string>;
  readonly places?: number;
  readonly count?: Bounds<number>;
  readonly choices?: readonly Choice<string>[];
  readonly maxSize?: number;
  readonly types?: readonly string[];
  readonly schema?: StandardSchemaV1;
  readonly multiple?: boolean;
  readonly input?: string;
}

/**
 * A declared field: its kind and options. `T` is the type of its parsed value.
 * Made by the builders in {@link fields}; read by `defineForm`.
 */
export class Field<T> {
  /** The kind of field. */
  readonly kind: FieldKind;
  /** Its options. */
  readonly config: FieldConfig;
  /** The parsed value's type (compile time only). */
  declare readonly '~output': T;

  constructor(kind: FieldKind, config: FieldConfig) {
    this.kind = kind;
    this.config = Object.freeze({ ...config });
  }
}

/** The parsed type of a field. */
export type FieldOutput<F> = F extends Field<infer T> ? T : never;

/** A field builder: `required: true` gives `Field<T>`, otherwise `Field<T | undefined>`. */
export interface Builder<T, O extends FieldOptions<T>> {
  (options: O & { required: true }): Field<T>;
  (options?: O): Field<T | undefined>;
}

/** The select builder: the parsed type is the union of the choices' values. */
export interface SelectBuilder {
  <const V extends string>(
    choices: readonly Choice<V>[],
    options: FieldOptions<V> & { required: true },
  ): Field<V>;
  <const V extends string>(choices: readonly Choice<V>[], options?: FieldOptions<V>): Field<V | undefined>;
}

/** A field of any type, for constraints. */
// biome-ignore lint/suspicious/noExplicitAny: the parsed type varies; `unknown` would reject Field<string>'s validators.
export type AnyField = Field<any>;

/** The field of that name, if the map has it as its own property (not `constructor`, `__proto__`). */
export function ownField(fields: Readonly<Record<string, AnyField>>, name: string): AnyField | undefined {
  return Object.hasOwn(fields, name) ? fields[name] : undefined;
}

function make<T>(kind: FieldKind, options: object | undefined, extra: Partial<FieldConfig> = {}): Field<T> {
  return new Field<T>(kind, { ...(options as FieldConfig | undefined), ...extra });
}

/**
 * The field builders. Each returns a {@link Field} whose parsed type follows its options:
 * `required: true` drops `undefined`.
 *
 * @example
 * ```ts
 * import { defineForm, fields as f } from '@flagon/forms';
 * const signup = defineForm({
 *   name: f.text({ required: true, length: { max: 50 } }),
 *   age: f.integer({ range: { min: 13 } }),
 * }); // data: { name: string; age: number | undefined }
 * ```
 */
export const fields = Object.freeze({
  /** A single-line text input. */
  text: ((options?: TextOptions) => make('text', options)) as Builder<string, TextOptions>,
  /** A multi-line text area. */
  textarea: ((options?: TextOptions) => make('textarea', options)) as Builder<string, TextOptions>,
  /** An email address (checked for shape). */
  email: ((options?: TextOptions) => make('email', options)) as Builder<string, TextOptions>,
  /** A password: not trimmed, never written back into the page. */
  password: ((options?: TextOptions) =>
    make('password', options, { trim: options?.trim ?? false })) as Builder<string, TextOptions>,
  /** A hidden text input. */
  hidden: ((options?: TextOptions) => make('hidden', options)) as Builder<string, TextOptions>,
  /** A whole number (safe integer). */
  integer: ((options?: NumberOptions) => make('integer', options)) as Builder<number, NumberOptions>,
  /** A decimal number, optionally with at most `places` decimal places. */
  decimal: ((options?: DecimalOptions) => make('decimal', options)) as Builder<number, DecimalOptions>,
  /** A checkbox: true when ticked; `required: true` means it must be ticked. */
  boolean(options?: FieldOptions<boolean>): Field<boolean> {
    return make('boolean', options);
  },
  /** A date, `YYYY-MM-DD`, parsed to a `Date` at midnight UTC. */
  date: ((options?: DateOptions) => make('date', options)) as Builder<Date, DateOptions>,
  /** One of the choices; the parsed type is the union of their values. */
  select: ((choices: readonly Choice<string>[], options?: FieldOptions<string>) =>
    make('select', options, { choices })) as SelectBuilder,
  /** Any number of the choices (a `<select multiple>`); an empty array when none. */
  multiSelect<const V extends string>(
    choices: readonly Choice<V>[],
    options?: MultiSelectOptions<V>,
  ): Field<V[]> {
    return make('multiSelect', options, { choices, multiple: true });
  },
  /** A file upload (the form must be `enctype="multipart/form-data"`), with size and type limits. */
  file: ((options?: FileOptions) => make('file', options)) as Builder<File, FileOptions>,
  /**
   * A field validated by any Standard Schema (zod, valibot, arktype): it receives the submitted
   * text (undefined when absent; an array with `multiple: true`) and its output is the data.
   */
  schema<const S extends StandardSchemaV1>(
    schema: S,
    options?: SchemaFieldOptions<InferOutput<S>>,
  ): Field<InferOutput<S>> {
    return make('schema', options, { schema, multiple: options?.multiple ?? false });
  },
});
