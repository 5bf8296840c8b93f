import { escapeHtml, Markup } from '@flagon/templates';
import { BoundField } from './bound-field.js';
import { type AnyField, type Attrs, ownField } from './field.js';
import { element } from './internal/html.js';

/** Raw submitted values by field name, for re-rendering: text, or a list for multi-valued fields. */
export type FormValues = Readonly<Record<string, string | readonly string[]>>;

/** Error messages by field name. */
export type FieldErrors<N extends string> = Readonly<Partial<Record<N, readonly string[]>>>;

/**
 * The state of a form after `validate`/`parse`/`blank`: whether it was submitted and passed,
 * the errors, the raw values, and the template helpers.
 */
export class FormState<N extends string = string> {
  /** True only for a submission that passed every check. */
  readonly ok: boolean;
  /** True when the request was a submission (POST, PUT, PATCH, DELETE). */
  readonly submitted: boolean;
  /** The parsed data when `ok`; undefined otherwise. */
  readonly data: unknown;
  /** Error messages by field name. */
  readonly errors: FieldErrors<N>;
  /** Form-wide errors (from the form's `validate`, or a schema issue with no path). */
  readonly formErrors: readonly string[];
  /** The raw submitted values (passwords and files left out), for re-rendering. */
  readonly values: FormValues;
  readonly #fields: Readonly<Record<string, AnyField>>;

  constructor(init: {
    ok: boolean;
    submitted: boolean;
    data: unknown;
    errors: FieldErrors<N>;
    formErrors: readonly string[];
    values: FormValues;
    fields: Readonly<Record<string, AnyField>>;
  }) {
    this.ok = init.ok;
    this.submitted = init.submitted;
    this.data = init.data;
    this.errors = init.errors;
    this.formErrors = init.formErrors;
    this.values = init.values;
    this.#fields = init.fields;
  }

  /** A field with its value and errors, to render in a template. */
  field(name: N): BoundField {
    const errors = (this.errors as Partial<Record<string, readonly string[]>>)[name] ?? [];
    return new BoundField(name, ownField(this.#fields, name), this.values[name], errors);
  }

  /** Every declared field, in order (empty for a form made from a Standard Schema). */
  get fields(): BoundField[] {
    return Object.keys(this.#fields).map((name) => this.field(name as N));
  }

  /** The form-wide errors as `<ul class="form-errors" role="alert">`, or empty. */
  formErrorList(attrs: Attrs = {}): Markup {
    if (this.formErrors.length === 0) return new Markup('');
    const items = this.formErrors.map((e) => `<li>${escapeHtml(e)}</li>`).join('');
    return new Markup(element('ul', { class: 'form-errors', role: 'alert', ...attrs }, items));
  }
}

/** A form state whose `ok` tells whether `data` is there, typed. */
export type FormResult<N extends string, D> = FormState<N> &
  ({ readonly ok: true; readonly data: D } | { readonly ok: false; readonly data: undefined });
