/**
 * Thrown by a custom validator to reject a value with a message (returning the message works
 * too). Any other error thrown by a validator is a bug and propagates (a 500).
 *
 * @example
 * ```ts
 * f.text({ validate: (v) => { if (v === 'admin') throw new ValidationError('Reserved name.'); } });
 * ```
 */
export class ValidationError extends Error {
  readonly code = 'validation';
  constructor(message: string) {
    super(message);
    this.name = 'ValidationError';
  }
}
