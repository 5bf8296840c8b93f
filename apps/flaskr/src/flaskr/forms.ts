import { abort, type FormValue } from '@flagon/core';

/**
 * A required form field, as Flask's `request.form[name]`: a missing key is a 400 Bad Request.
 * Files are not expected in flaskr's forms, so a file is treated as missing.
 */
export function formField(form: Record<string, FormValue>, name: string): string {
  const value = form[name];
  if (typeof value !== 'string') abort(400);
  return value;
}
