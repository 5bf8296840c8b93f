import { defineForm, fields as f } from '@flagon/forms';

/** The longest message accepted. */
export const MAX_MESSAGE_LENGTH = 500;

/**
 * The guestbook's form: one message, required, at most 500 characters. `await
 * messageForm.validate(c)` parses a submission; its `data` is typed `{ body: string }`.
 *
 * @example
 * ```ts
 * const form = await messageForm.validate(c);
 * if (form.ok) await c.db.messages.create(form.data);
 * ```
 */
export const messageForm = defineForm({
  body: f.textarea({
    label: 'Leave a message',
    required: true,
    length: { max: MAX_MESSAGE_LENGTH },
    messages: {
      required: 'Write a message first.',
      length_max: `Keep it under ${MAX_MESSAGE_LENGTH} characters.`,
    },
  }),
});
