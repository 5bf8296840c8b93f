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

/** What a hidden value is shown as (the same marker @flagon/config uses). */
export const REDACTED = '[redacted]';

/** Whether a key names a secret: a word of it is SECRET, PASSWORD, TOKEN, KEY… (`SECRET_KEY`, `apiKey`). */
export function isSecretKey(key: string): boolean {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .some((word) => SECRET_WORDS.has(word.toUpperCase()));
}

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s]+)@/gi;

/** A value as it may be printed under `key`: secrets hidden, URL passwords masked, at any depth. */
export function redactValue(key: string, value: unknown): unknown {
  if (isSecretKey(key) && !isEmpty(value) && (typeof value === 'string' || typeof value === 'object')) {
    return REDACTED;
  }
  if (typeof value === 'string') {
    return value.replace(URL_CREDENTIALS, (_, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(':');
      return colon === -1 ? `${scheme}${userinfo}@` : `${scheme}${userinfo.slice(0, colon)}:${REDACTED}@`;
    });
  }
  if (Array.isArray(value)) return value.map((item) => redactValue('', item));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(k, v)]));
  }
  return value;
}

function isEmpty(value: unknown): boolean {
  if (value === '' || value === undefined || value === null) return true;
  return typeof value === 'object' && Object.keys(value).length === 0;
}
