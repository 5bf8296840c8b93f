import type { Context } from '@flagon/core';
import { escapeHtml, Markup } from '@flagon/templates';
import type { CsrfFailure } from './csrf-error.js';

/** The session key of the raw token (internal: the app's typed keys are untouched). */
const SESSION_KEY = '_csrf_token';
/** The signer's salt. */
const SALT = 'flagon.csrf';
const RAW = /^[A-Za-z0-9_-]{43}$/;
const issued = new WeakMap<object, Promise<string>>();

function newRawToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function sessionToken(c: Context): string | undefined {
  const raw = c.session.internal(SESSION_KEY);
  return typeof raw === 'string' && RAW.test(raw) ? raw : undefined;
}

/**
 * The CSRF token for this request's session: a random value kept in the session, signed with
 * SECRET_KEY and the current time (so it can expire). Made once per request; creating the
 * session's token writes the session. Throws `SetupError` without a SECRET_KEY.
 *
 * @example
 * ```ts
 * return c.json({ csrfToken: await csrfToken(c) }); // for a fetch client's X-CSRF-Token header
 * ```
 */
export function csrfToken(c: Context): Promise<string> {
  let token = issued.get(c);
  if (!token) {
    let raw = sessionToken(c);
    if (!raw) {
      raw = newRawToken();
      c.session.setInternal(SESSION_KEY, raw);
    }
    token = c.app.signer(SALT).sign(raw);
    issued.set(c, token);
  }
  return token;
}

/** The hidden input `<input type="hidden" name="csrf_token" value="…">` as Markup. */
export async function csrfField(c: Context, name = 'csrf_token'): Promise<Markup> {
  return hiddenField(name, await csrfToken(c));
}

/** The hidden input for a token. */
export function hiddenField(name: string, token: string): Markup {
  return new Markup(`<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(token)}">`);
}

/**
 * Replaces the session's CSRF token with a new one and returns it signed: call it when a user
 * logs in (or out), so that a token seen before cannot be replayed in the new session.
 *
 * @example
 * ```ts
 * c.session.clear();
 * c.session.set('userId', user.id);
 * await rotateCsrfToken(c);
 * ```
 */
export function rotateCsrfToken(c: Context): Promise<string> {
  c.session.setInternal(SESSION_KEY, newRawToken());
  issued.delete(c);
  return csrfToken(c);
}

function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Checks a submitted token against the session: undefined when it is good, else why not.
 * `timeLimit` is in seconds (null: never expires).
 */
export async function checkCsrfToken(
  c: Context,
  token: string | undefined,
  timeLimit: number | null,
  now = Date.now(),
): Promise<CsrfFailure | undefined> {
  if (token === undefined || token === '') return 'missing';
  if (token.length > 200) return 'invalid';
  const raw = await c.app.signer(SALT).unsign(token);
  if (raw === undefined) return 'invalid';
  const stamp = Number.parseInt(token.split('.')[1] ?? '', 36);
  if (timeLimit !== null && (!Number.isFinite(stamp) || now / 1000 - stamp > timeLimit)) return 'expired';
  const expected = sessionToken(c);
  if (expected === undefined) return 'session_missing';
  return sameText(raw, expected) ? undefined : 'mismatch';
}
