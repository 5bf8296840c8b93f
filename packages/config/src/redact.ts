import { isPlainObject } from './internal/object-path.js';

/**
 * What a hidden value is shown as: `'[redacted]'`.
 *
 * @example
 * ```ts
 * import { REDACTED, redactValue } from '@flagon/config';
 * redactValue('API_TOKEN', 'abc') === REDACTED; // true
 * ```
 */
export const REDACTED = '[redacted]';

const SECRET_WORDS = new Set([
  'SECRET',
  'SECRETS',
  'PASSWORD',
  'PASSWORDS',
  'PASSWD',
  'PASS',
  'PWD',
  'TOKEN',
  'TOKENS',
  'KEY',
  'KEYS',
  'APIKEY',
  'CREDENTIAL',
  'CREDENTIALS',
  'DSN',
]);

/**
 * Whether a key names a secret: one of its word parts (split on `_`, `-`, `.` and camelCase) is
 * SECRET, PASSWORD, PASSWD, PASS, PWD, TOKEN, KEY, APIKEY, CREDENTIALS or DSN (plurals too).
 * `SECRET_KEY`, `apiKey`, `DB_PWD` and `SENTRY_DSN` are secrets; `KEYBOARD` and `MONKEY` are not.
 *
 * @param key - A config key, env var name or query parameter name.
 * @returns `true` when values under this key must not be shown.
 *
 * @example
 * ```ts
 * import { isSecretKey } from '@flagon/config';
 * isSecretKey('DB_PASSWORD'); // true
 * isSecretKey('KEYBOARD_LAYOUT'); // false
 * ```
 */
export function isSecretKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return words.some((word) => SECRET_WORDS.has(word.toUpperCase()));
}

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s]+)@/gi;
const QUERY_PARAMETER = /([?&;])([^=&;#\s]+)=([^&;#\s]*)/g;

/**
 * Masks credentials inside URLs: `postgres://user:pass@host` becomes `postgres://user:[redacted]@host`,
 * a lone user part (often a token, `https://token@host`) becomes `https://[redacted]@host`, and a
 * query parameter named like a secret (`?token=abc`, `&password=x`) keeps its name only.
 */
function maskUrlCredentials(text: string): string {
  return text
    .replace(URL_CREDENTIALS, (_, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(':');
      return colon === -1 ? `${scheme}${REDACTED}@` : `${scheme}${userinfo.slice(0, colon)}:${REDACTED}@`;
    })
    .replace(QUERY_PARAMETER, (whole, separator: string, name: string, value: string) =>
      value !== '' && isSecretKey(safeDecode(name)) ? `${separator}${name}=${REDACTED}` : whole,
    );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The value as it may be shown for `key`: under a secret key (see {@link isSecretKey}) a
 * non-empty string, an array or an object becomes `'[redacted]'` (an empty string, numbers and
 * booleans stay visible); in any other string, credentials in URLs are masked (see the example);
 * arrays and plain objects are copied with the same rule applied at every depth.
 * This is the rule `console.log(config)`, `JSON.stringify(config)`, `describe` and `explain` use.
 *
 * @param key - The key the value sits under (its last segment for nested keys); `''` for none.
 * @param value - Any value; it is not changed.
 * @returns A value safe to print.
 *
 * @example
 * ```ts
 * import { redactValue } from '@flagon/config';
 * redactValue('DB_PWD', 'hunter2');                           // '[redacted]'
 * redactValue('DATABASE_URL', 'postgres://app:pw@db/app');    // 'postgres://app:[redacted]@db/app'
 * redactValue('CACHE_URL', 'redis://:tok@cache:6379');         // 'redis://:[redacted]@cache:6379'
 * redactValue('HOOK', 'https://api.example.com/x?token=abc'); // 'https://api.example.com/x?token=[redacted]'
 * redactValue('PORT', 5432);                                  // 5432
 * ```
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
