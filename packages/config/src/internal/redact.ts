import { isPlainObject } from './object-path.js';

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

const SECRET_WORDS = new Set([
  'SECRET',
  'SECRETS',
  'PASSWORD',
  'PASSWORDS',
  'PASSWD',
  'PASS',
  'TOKEN',
  'TOKENS',
  'KEY',
  'KEYS',
  'APIKEY',
  'CREDENTIAL',
  'CREDENTIALS',
]);

/**
 * Whether a key names a secret: one of its word parts (split on `_`, `-`, `.` and camelCase) is
 * SECRET, PASSWORD, PASSWD, PASS, TOKEN, KEY, APIKEY or CREDENTIALS. `SECRET_KEY`, `apiKey` and
 * `DB_PASSWORD` are secrets; `KEYBOARD` and `MONKEY` are not.
 */
export function isSecretKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return words.some((word) => SECRET_WORDS.has(word.toUpperCase()));
}

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s]+)@/gi;

/**
 * Masks credentials inside URLs: `postgres://user:pass@host` becomes `postgres://user:[redacted]@host`,
 * and a lone user part (often a token, `https://token@host`) becomes `https://[redacted]@host`.
 */
export function maskUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, (_, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon === -1 ? `${scheme}${REDACTED}@` : `${scheme}${userinfo.slice(0, colon)}:${REDACTED}@`;
  });
}

/**
 * The value as it may be shown for `key`: a secret key's string, array or object becomes
 * `[redacted]` (an empty string stays visible, numbers and booleans stay), and URL credentials
 * are masked in any string, at any depth.
 */
export function redactValue(key: string, value: unknown): unknown {
  if (isSecretKey(key) && isHideable(value)) return REDACTED;
  if (typeof value === 'string') return maskUrlCredentials(value);
  if (Array.isArray(value)) return value.map((item) => redactValue('', item));
  if (isPlainObject(value)) return redactObject(value);
  return value;
}

/** A plain copy of an object with every secret redacted. */
export function redactObject(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) out[key] = redactValue(key, value);
  return out;
}

function isHideable(value: unknown): boolean {
  if (typeof value === 'string') return value.length > 0;
  return typeof value === 'object' && value !== null;
}
