import { HTTPError } from '@flagon/core';

/** Why a request failed the CSRF check. */
export type CsrfFailure =
  | 'missing'
  | 'duplicate'
  | 'session_missing'
  | 'invalid'
  | 'mismatch'
  | 'expired'
  | 'origin_mismatch'
  | 'referrer_missing'
  | 'referrer_mismatch';

/** The message of each failure (Flask-WTF's wording where it has one). */
export const CSRF_MESSAGES: Readonly<Record<CsrfFailure, string>> = Object.freeze({
  missing: 'The CSRF token is missing.',
  duplicate: 'The CSRF token was sent more than once.',
  session_missing: 'The CSRF session token is missing.',
  invalid: 'The CSRF token is invalid.',
  mismatch: 'The CSRF tokens do not match.',
  expired: 'The CSRF token has expired.',
  origin_mismatch: 'The Origin header does not match a trusted origin.',
  referrer_missing: 'The referrer header is missing.',
  referrer_mismatch: 'The referrer does not match a trusted origin.',
});

/**
 * The 400 a request gets when it fails the CSRF check, thrown before the view runs.
 * Handle it with `app.errorHandler(CSRFError, …)` to render your own page.
 *
 * @example
 * ```ts
 * app.errorHandler(CSRFError, (error, c) => c.render('csrf.html', { reason: error.reason }));
 * ```
 */
export class CSRFError extends HTTPError {
  /** The machine-readable reason. */
  readonly reason: CsrfFailure;

  constructor(reason: CsrfFailure) {
    super(400, CSRF_MESSAGES[reason]);
    this.name = 'CSRFError';
    this.reason = reason;
  }
}
