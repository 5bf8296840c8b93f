import { escapeHtml, Markup } from '@flagon/templates';
import type { AnyField, Attrs } from './field.js';
import { classes, element } from './internal/html.js';
import { choiceLabel, choiceValue } from './internal/parse-field.js';

const INPUT_TYPES: Readonly<Record<string, string>> = {
  text: 'text',
  email: 'email',
  password: 'password',
  hidden: 'hidden',
  integer: 'number',
  decimal: 'number',
  date: 'date',
  file: 'file',
};

/** The default label of a field name: `first_name` → `First name`. */
export function defaultLabel(name: string): string {
  const words = name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * One field of a form state, ready to render: its label, the value to show, its errors, and
 * HTML helpers that escape everything and return `Markup` (so `<%= %>` prints it as it is).
 *
 * @example
 * ```html
 * <%= it.form.field('email').render() %>
 * <%= it.form.field('age').label() %> <%= it.form.field('age').input({ class: 'short' }) %>
 * <%= it.form.field('age').errorList() %>
 * ```
 */
export class BoundField {
  /** The field's name (the `name` attribute). */
  readonly name: string;
  /** The element id. */
  readonly id: string;
  /** The label text. */
  readonly labelText: string;
  /** The submitted (or initial) text, for re-rendering; '' when none. Passwords are never kept. */
  readonly value: string;
  /** Every submitted value (multi-selects). */
  readonly values: readonly string[];
  /** The field's error messages. */
  readonly errors: readonly string[];
  readonly #field: AnyField | undefined;

  constructor(
    name: string,
    field: AnyField | undefined,
    raw: string | readonly string[] | undefined,
    errors: readonly string[],
  ) {
    this.name = name;
    this.#field = field;
    this.id = field?.config.id ?? name;
    this.labelText = field?.config.label ?? defaultLabel(name);
    this.values = raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw;
    this.value = field?.kind === 'password' ? '' : (this.values[0] ?? '');
    this.errors = errors;
  }

  /** True when the field has errors. */
  get hasErrors(): boolean {
    return this.errors.length > 0;
  }

  /** The id of the error list (for `aria-describedby`). */
  get errorId(): string {
    return `${this.id}-errors`;
  }

  /** The id of the description. */
  get descriptionId(): string {
    return `${this.id}-description`;
  }

  /** `<label for="id">Label</label>`. */
  label(attrs: Attrs = {}): Markup {
    return new Markup(element('label', { for: this.id, ...attrs }, escapeHtml(this.labelText)));
  }

  /** The input (or select, textarea, checkbox) with its value, constraints and ARIA attributes. */
  input(attrs: Attrs = {}): Markup {
    const field = this.#field;
    const config = field?.config;
    const kind = field?.kind ?? 'text';
    const describedBy = [
      config?.description ? this.descriptionId : undefined,
      this.hasErrors ? this.errorId : undefined,
    ].filter(Boolean);
    const base: Record<string, string | number | boolean | undefined> = {
      id: this.id,
      name: this.name,
      required: config?.required === true,
      'aria-invalid': this.hasErrors ? 'true' : undefined,
      'aria-describedby': describedBy.length > 0 ? describedBy.join(' ') : undefined,
    };
    const extra = { ...config?.attrs, ...attrs };
    if (kind === 'textarea' || config?.input === 'textarea') {
      return new Markup(
        element(
          'textarea',
          { ...base, minlength: config?.length?.min, maxlength: config?.length?.max, ...extra },
          escapeHtml(this.value),
        ),
      );
    }
    if (kind === 'select' || kind === 'multiSelect') {
      const multiple = kind === 'multiSelect';
      let options = multiple || config?.required ? '' : '<option value=""></option>';
      for (const choice of config?.choices ?? []) {
        const value = choiceValue(choice);
        options += element(
          'option',
          { value, selected: this.values.includes(value) },
          escapeHtml(choiceLabel(choice)),
        );
      }
      return new Markup(element('select', { ...base, multiple, ...extra }, options));
    }
    if (kind === 'boolean' || config?.input === 'checkbox') {
      const checked =
        this.value !== '' && !['false', 'off', 'no', 'n', '0'].includes(this.value.toLowerCase());
      return new Markup(element('input', { type: 'checkbox', ...base, value: 'y', checked, ...extra }));
    }
    const type = kind === 'schema' ? (config?.input ?? 'text') : (INPUT_TYPES[kind] ?? 'text');
    const range = config?.range;
    const bound = (b: unknown) => (b instanceof Date ? b.toISOString().slice(0, 10) : (b as string | number));
    const places = config?.places;
    return new Markup(
      element('input', {
        type,
        ...base,
        value: type === 'file' || type === 'password' ? undefined : this.value,
        minlength: config?.length?.min,
        maxlength: config?.length?.max,
        min: range?.min === undefined ? undefined : bound(range.min),
        max: range?.max === undefined ? undefined : bound(range.max),
        step: kind === 'decimal' ? (places === undefined ? 'any' : 10 ** -places) : undefined,
        accept: config?.types?.join(','),
        ...extra,
      }),
    );
  }

  /** `<ul class="errors" id="…-errors">` with one `<li>` per error; empty when there are none. */
  errorList(attrs: Attrs = {}): Markup {
    if (!this.hasErrors) return new Markup('');
    const items = this.errors.map((e) => `<li>${escapeHtml(e)}</li>`).join('');
    return new Markup(element('ul', { class: 'errors', id: this.errorId, ...attrs }, items));
  }

  /** The description as `<small>`, or empty. */
  description(): Markup {
    const text = this.#field?.config.description;
    if (!text) return new Markup('');
    return new Markup(element('small', { class: 'description', id: this.descriptionId }, escapeHtml(text)));
  }

  /**
   * The whole field: label, input, description and errors in a `<div class="field">` (with
   * `has-errors` when invalid); a checkbox comes before its label. `attrs` go to the input.
   */
  render(attrs: Attrs = {}): Markup {
    const kind = this.#field?.kind;
    if (kind === 'hidden') return this.input(attrs);
    const checkbox = kind === 'boolean' || this.#field?.config.input === 'checkbox';
    const parts = checkbox ? [this.input(attrs), this.label()] : [this.label(), this.input(attrs)];
    const inner = [...parts, this.description(), this.errorList()].map(String).join('');
    return new Markup(
      element(
        'div',
        { class: classes('field', checkbox && 'checkbox', this.hasErrors && 'has-errors') },
        inner,
      ),
    );
  }

  /** The rendered field, so that `<%~ field %>` prints it. */
  toString(): string {
    return this.render().html;
  }
}
