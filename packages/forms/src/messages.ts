import type { Context } from '@flagon/core';

/** The values a message can use: `{label}`, `{min}`, `{max}`, `{other}`, `{size}`, `{types}`. */
export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * A message: text with `{placeholders}`, or a function of the parameters and the request
 * (to translate it into the request's language).
 */
export type Message = string | ((params: MessageParams, c: Context | undefined) => string);

/** Every message code the built-in fields and validators use. */
export type MessageCode = keyof typeof DEFAULT_MESSAGES;

/**
 * Message overrides: per field (`{ messages }`), per form (`defineForm(fields, { messages })`),
 * or app-wide in the `FORMS_MESSAGES` config key.
 */
export type Messages = Partial<Record<MessageCode, Message>>;

/**
 * The default messages, one frozen table. Override any of them per form or per field; a
 * function receives the parameters and the request, for i18n.
 */
export const DEFAULT_MESSAGES = Object.freeze({
  /** A required field was left empty. */
  required: 'This field is required.',
  /** A required checkbox was not ticked. */
  required_checkbox: 'This box must be ticked.',
  /** Not an email address. */
  email: 'Enter a valid email address.',
  /** Not a whole number. */
  integer: 'Enter a whole number.',
  /** Not a number. */
  decimal: 'Enter a number.',
  /** More decimal places than allowed. */
  decimal_places: 'Use at most {places} decimal places.',
  /** Not a date (YYYY-MM-DD). */
  date: 'Enter a valid date (YYYY-MM-DD).',
  /** A value that is not one of the choices. */
  choice: 'Not a valid choice.',
  /** Shorter than the minimum. */
  length_min: 'Must be at least {min} characters long.',
  /** Longer than the maximum. */
  length_max: 'Must be at most {max} characters long.',
  /** Fewer choices than the minimum. */
  count_min: 'Choose at least {min}.',
  /** More choices than the maximum. */
  count_max: 'Choose at most {max}.',
  /** Below the minimum. */
  range_min: 'Must be at least {min}.',
  /** Above the maximum. */
  range_max: 'Must be at most {max}.',
  /** Does not match the pattern. */
  pattern: 'Invalid format.',
  /** Differs from another field. */
  equal_to: 'Must match {other}.',
  /** An uploaded file is too large. */
  file_size: 'The file must be at most {size}.',
  /** An uploaded file has a type that is not allowed. */
  file_type: 'The file must be one of: {types}.',
  /** Text where a file was expected. */
  file_expected: 'Upload a file.',
  /** A file where text was expected. */
  text_expected: 'Expected text, not a file.',
  /** An object or nested list where a value was expected (JSON). */
  nested: 'Expected text, a number or a boolean.',
  /** A single-valued field sent more than once. */
  duplicate: 'This field was sent more than once.',
  /** A value longer than the form's `maxFieldLength`. */
  too_long: 'The value is too long.',
  /** A custom validator threw something other than a ValidationError. */
  invalid: 'Invalid value.',
});

/**
 * Looks a message up in `tables` (field, form, then the app's `FORMS_MESSAGES` config), falling
 * back to {@link DEFAULT_MESSAGES}, and fills its `{placeholders}` in.
 */
export function formatMessage(
  code: MessageCode,
  params: MessageParams,
  tables: readonly (Messages | undefined)[],
  c: Context | undefined,
): string {
  let message: Message = DEFAULT_MESSAGES[code];
  for (const table of tables) {
    const found = table?.[code];
    if (found !== undefined) {
      message = found;
      break;
    }
  }
  const text = typeof message === 'function' ? message(params, c) : message;
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}
