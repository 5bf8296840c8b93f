import { type Context, type FormValue, HTTPError } from '@flagon/core';
import type { InferSchemaOutput as InferOutput, StandardSchemaV1 } from '@flagon/internal';
import { defaultLabel } from './bound-field.js';
import { type AnyField, type FieldOutput, ownField } from './field.js';
import { type FieldErrors, type FormResult, FormState, type FormValues } from './form-state.js';
import { formatDay, type ParseScope, parseField } from './internal/parse-field.js';
import { formatMessage, type Messages } from './messages.js';
import { isStandardSchema, issueKey } from './standard-schema.js';

/** The fields of a form, by name. */
export type FieldMap = Readonly<Record<string, AnyField>>;

/** The parsed data of a form declared with fields. */
export type InferFormData<F extends FieldMap> = { -readonly [K in keyof F]: FieldOutput<F[K]> };

/** What a form-wide validator receives besides the data. */
export interface FormValidatorContext<N extends string> {
  /** The request, or undefined outside one. */
  readonly c: Context | undefined;
  /** The raw submitted values. */
  readonly values: FormValues;
  /** Adds an error to one field (the form then fails). */
  error(field: N, message: string): void;
}

/** Options of {@link defineForm}. */
export interface FormOptions<N extends string, D> {
  /** Message overrides for every field of this form (a field's own `messages` win). */
  messages?: Messages;
  /**
   * Checks across fields, run once every field passed: return form-wide error messages (or
   * nothing), or call `ctx.error(field, message)`.
   */
  validate?: (
    data: D,
    ctx: FormValidatorContext<N>,
  ) => string | readonly string[] | undefined | void | Promise<string | readonly string[] | undefined | void>;
  /** The longest text accepted for any one value, in characters; longer is a field error. Default 10000. */
  maxFieldLength?: number;
  /** Names that are never read as fields nor kept in `values`. Default `['csrf_token']`. */
  ignore?: readonly string[];
}

/** Input accepted by {@link Form.parse}: form data, URL parameters, or a plain object (JSON). */
export type FormInput = FormData | URLSearchParams | Readonly<Record<string, unknown>>;

const SUBMIT_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A declared form: parse a request with {@link Form.validate}, render an empty one with {@link Form.blank}. */
export class Form<N extends string, D> {
  /** The declared fields (empty for a form made from a Standard Schema). */
  readonly fields: Readonly<Record<N, AnyField>>;
  readonly #schema: StandardSchemaV1 | undefined;
  readonly #options: FormOptions<N, D>;
  readonly #ignore: ReadonlySet<string>;

  constructor(
    fields: Readonly<Record<N, AnyField>>,
    schema: StandardSchemaV1 | undefined,
    options: FormOptions<N, D>,
  ) {
    this.fields = Object.freeze({ ...fields });
    this.#schema = schema;
    this.#options = options;
    this.#ignore = new Set(options.ignore ?? ['csrf_token']);
  }

  /**
   * Reads and checks the request's form, Flask-WTF's `validate_on_submit`: `ok` only for a
   * submission (POST, PUT, PATCH, DELETE) that passes; a GET gives the blank state. Reads
   * urlencoded and multipart bodies, and JSON objects (fetch). Throws `HTTPError` 400 for a
   * body that does not parse or JSON that is not an object, 413 over MAX_CONTENT_LENGTH.
   *
   * @example
   * ```ts
   * const form = await signup.validate(c);
   * if (form.ok) { await createUser(form.data); return c.redirect('index'); }
   * return c.render('signup.html', { form });
   * ```
   */
  async validate(c: Context): Promise<FormResult<N, D>> {
    if (!SUBMIT_METHODS.has(c.req.method)) return this.blank();
    let input: FormInput;
    if (c.req.isJson) {
      const json = await c.req.json();
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw new HTTPError(400, 'The JSON body of a form submission must be an object of field values.');
      }
      input = json as Record<string, unknown>;
    } else {
      input = await c.req.formData();
    }
    return this.parse(input, c);
  }

  /** Parses and checks submitted values outside a request (or with one): always a submission. */
  async parse(input: FormInput, c?: Context): Promise<FormResult<N, D>> {
    const { raw, nested } = this.#collect(input);
    const values = this.#publicValues(raw);
    const allValues = textValues(raw);
    const errors: Record<string, string[]> = Object.create(null);
    const formErrors: string[] = [];
    const appMessages = c?.config.FORMS_MESSAGES as Messages | undefined;
    const formMessages = this.#options.messages;
    const labelOf = (name: string) => ownField(this.fields, name)?.config.label ?? defaultLabel(name);
    const scope: ParseScope = {
      c,
      formMessages,
      appMessages,
      maxFieldLength: this.#options.maxFieldLength ?? 10_000,
      values: allValues,
      labelOf,
    };
    for (const name of nested) {
      errors[name] = [formatMessage('nested', { label: labelOf(name) }, [formMessages, appMessages], c)];
    }
    let data: Record<string, unknown> = {};
    if (this.#schema) {
      const object: Record<string, unknown> = Object.create(null);
      for (const [name, list] of raw) {
        if (list.some((v) => typeof v === 'string' && v.length > scope.maxFieldLength)) {
          errors[name] = [
            formatMessage('too_long', { label: labelOf(name) }, [formMessages, appMessages], c),
          ];
        }
        object[name] = list.length === 1 ? list[0] : list;
      }
      if (Object.keys(errors).length === 0) {
        const result = await this.#schema['~standard'].validate(object);
        if (result.issues) {
          for (const issue of result.issues) {
            const key = issueKey(issue);
            if (key === undefined) formErrors.push(issue.message);
            else addError(errors, key, issue.message);
          }
        } else {
          data = result.value as Record<string, unknown>;
        }
      }
    } else {
      const names = Object.keys(this.fields) as N[];
      const results = await Promise.all(
        names.map((name) => parseField(name, this.fields[name], raw.get(name) ?? [], scope)),
      );
      names.forEach((name, i) => {
        const result = results[i];
        if (!result || nested.has(name)) return;
        if (result.ok) data[name] = result.value;
        else errors[name] = result.errors;
      });
    }
    const validate = this.#options.validate;
    if (validate && Object.keys(errors).length === 0 && formErrors.length === 0) {
      const found = await validate(data as D, {
        c,
        values,
        error: (field, message) => {
          addError(errors, field, message);
        },
      });
      if (typeof found === 'string') formErrors.push(found);
      else if (found) formErrors.push(...found);
    }
    const ok = Object.keys(errors).length === 0 && formErrors.length === 0;
    return new FormState<N>({
      ok,
      submitted: true,
      data: ok ? data : undefined,
      errors: errors as unknown as FieldErrors<N>,
      formErrors,
      values,
      fields: this.fields,
    }) as FormResult<N, D>;
  }

  /**
   * The unsubmitted state, for the first render: no errors, values from `initial` (an
   * object of the data's shape, e.g. the record being edited).
   */
  blank(initial: Partial<Record<N, unknown>> = {}): FormResult<N, D> {
    const values: Record<string, string | string[]> = Object.create(null);
    for (const [name, value] of Object.entries(initial)) {
      const text = toText(value);
      if (text !== undefined) values[name] = text;
    }
    return new FormState<N>({
      ok: false,
      submitted: false,
      data: undefined,
      errors: {} as FieldErrors<N>,
      formErrors: [],
      values,
      fields: this.fields,
    }) as FormResult<N, D>;
  }

  /** The submitted values by name; `nested` names sent an object or nested array (JSON), a type error. */
  #collect(input: FormInput): { raw: Map<string, FormValue[]>; nested: Set<string> } {
    const raw = new Map<string, FormValue[]>();
    const nested = new Set<string>();
    const wanted = (key: string) =>
      !this.#ignore.has(key) && (this.#schema !== undefined || Object.hasOwn(this.fields, key));
    const add = (key: string, value: FormValue) => {
      const list = raw.get(key);
      if (list) list.push(value);
      else raw.set(key, [value]);
    };
    if (input instanceof FormData || input instanceof URLSearchParams) {
      for (const [key, value] of input) if (wanted(key)) add(key, value);
      return { raw, nested };
    }
    for (const [key, value] of Object.entries(input)) {
      if (!wanted(key)) continue;
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item === null || item === undefined) continue;
        if (item instanceof File) add(key, item);
        else if (typeof item === 'object') nested.add(key);
        else add(key, String(item));
      }
    }
    return { raw, nested };
  }

  #publicValues(raw: Map<string, FormValue[]>): FormValues {
    const out: Record<string, string | readonly string[]> = Object.create(null);
    for (const [name, list] of raw) {
      const kind = ownField(this.fields, name)?.kind;
      if (kind === 'password' || kind === 'file') continue;
      const texts = list.filter((v): v is string => typeof v === 'string');
      if (texts.length === 0) continue;
      out[name] = kind === 'multiSelect' || texts.length > 1 ? texts : (texts[0] as string);
    }
    return out;
  }
}

function addError(errors: Record<string, string[]>, name: string, message: string): void {
  const list = errors[name];
  if (list) list.push(message);
  else errors[name] = [message];
}

function textValues(raw: Map<string, FormValue[]>): FormValues {
  const out: Record<string, string | readonly string[]> = Object.create(null);
  for (const [name, list] of raw) {
    const texts = list.filter((v): v is string => typeof v === 'string');
    out[name] = texts.length === 1 ? (texts[0] as string) : texts;
  }
  return out;
}

function toText(value: unknown): string | string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((v) => String(v));
  if (value instanceof Date) return formatDay(value);
  if (typeof value === 'boolean') return value ? 'y' : '';
  if (value instanceof File) return undefined;
  return String(value);
}

/**
 * Declares a form from fields (see {@link fields}) or from any Standard Schema (zod, valibot);
 * the parsed data is typed from the declaration.
 *
 * @example
 * ```ts
 * import { defineForm, fields as f } from '@flagon/forms';
 *
 * export const signup = defineForm({
 *   username: f.text({ required: true, length: { min: 3, max: 20 } }),
 *   password: f.password({ required: true, length: { min: 8 } }),
 *   confirm: f.password({ required: true, equalTo: 'password' }),
 *   age: f.integer({ range: { min: 13 } }),
 * });
 * ```
 */
export function defineForm<const F extends FieldMap>(
  fields: F,
  options?: FormOptions<keyof F & string, InferFormData<F>>,
): Form<keyof F & string, InferFormData<F>>;
export function defineForm<S extends StandardSchemaV1>(
  schema: S,
  options?: FormOptions<string, InferOutput<S>>,
): Form<string, InferOutput<S>>;
export function defineForm(
  declaration: FieldMap | StandardSchemaV1,
  // biome-ignore lint/suspicious/noExplicitAny: the overloads above carry the types.
  options: FormOptions<string, any> = {},
  // biome-ignore lint/suspicious/noExplicitAny: the overloads above carry the types.
): Form<any, any> {
  if (isStandardSchema(declaration)) return new Form({}, declaration, options);
  for (const [name, field] of Object.entries(declaration)) {
    if (!field || typeof field !== 'object' || !('kind' in field)) {
      throw new TypeError(
        `defineForm(): the field "${name}" is not a field. Use a builder: fields.text(), fields.integer(), …`,
      );
    }
  }
  return new Form(declaration as Record<string, AnyField>, undefined, options);
}
