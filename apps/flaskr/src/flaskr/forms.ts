import { abort, type FormValue } from '@flagon/core';
import { users } from './models.ts';

/**
 * A required form field, as Flask's `request.form[name]`: a missing key is a 400 Bad Request.
 * Files are not expected in flaskr's forms, so a file is treated as missing.
 */
export function formField(form: Record<string, FormValue>, name: string): string {
  const value = form[name];
  if (typeof value !== 'string') abort(400);
  return value;
}

/**
 * The longest value each of flaskr's fields takes, in characters: what every database stores
 * (`user.username` is varchar(255); MySQL's `text` holds 65,535 bytes, 16,000 characters of up to
 * 4 bytes each), and a bound on the work a password costs to hash. Longer is a form error, not a
 * database error.
 */
export const MAX_LENGTH = Object.freeze({
  username: users.columns.username.config.length ?? 255,
  password: 1024,
  title: 255,
  body: 16_000,
});

/** The form error for a value over its field's {@link MAX_LENGTH}, or null when it fits. */
export function tooLong(field: keyof typeof MAX_LENGTH, value: string): string | null {
  const max = MAX_LENGTH[field];
  if (value.length <= max) return null;
  return `${field[0]?.toUpperCase()}${field.slice(1)} is too long (at most ${max} characters).`;
}
