import type { FormValue } from '@flagon/core';

/** A valid message form. */
export interface MessageForm {
  body: string;
}

/** The outcome of validating a form: the clean data, or an error per field. */
export type Validated<T> = { ok: true; data: T } | { ok: false; errors: Partial<Record<keyof T, string>> };

/** The longest message accepted. */
export const MAX_MESSAGE_LENGTH = 500;

/**
 * Validates the message form: `body` is required, trimmed, and at most 500 characters.
 *
 * @example
 * ```ts
 * const result = validateMessage(await c.req.form());
 * if (result.ok) await c.db.messages.create(result.data);
 * ```
 */
export function validateMessage(form: Record<string, FormValue>): Validated<MessageForm> {
  const body = typeof form.body === 'string' ? form.body.trim() : '';
  if (!body) return { ok: false, errors: { body: 'Write a message first.' } };
  if (body.length > MAX_MESSAGE_LENGTH) {
    return { ok: false, errors: { body: `Keep it under ${MAX_MESSAGE_LENGTH} characters.` } };
  }
  return { ok: true, data: { body } };
}
