import { SetupError } from './errors.js';

/** The fewest bytes (UTF-8) a production SECRET_KEY may have: 32, the output of a SHA-256. */
export const MIN_SECRET_KEY_BYTES = 32;

/**
 * SECRET_KEY values that are only fit for development or are placeholders from examples;
 * production refuses them whatever their length. Compared trimmed and case-insensitively.
 */
export const DEVELOPMENT_SECRET_KEYS: ReadonlySet<string> = new Set([
  'dev',
  'development',
  'secret',
  'changeme',
  'change-me',
  'insecure',
  'replace-me-with-a-long-random-value',
]);

/** Placeholder wording that no generated key contains. */
const PLACEHOLDER = /replace[-_ ]?me|change[-_ ]?me|your[-_ ]?secret|insecure|not[-_ ]?secret/i;

/** The command that prints a good key, quoted in every refusal. */
export const GENERATE_SECRET_KEY_COMMAND = `node -e "console.log(crypto.randomBytes(32).toString('hex'))"`;

/**
 * Why a SECRET_KEY is too weak to sign production sessions, or undefined when it is fit:
 * missing, a known development value or placeholder, shorter than {@link MIN_SECRET_KEY_BYTES}
 * bytes, or one character repeated. The one rule that `app.checkProductionReady()` (and so
 * `listen()` and `flagon serve`) applies.
 *
 * @example
 * ```ts
 * weakSecretKeyReason('dev'); // 'is the development value "dev"'
 * weakSecretKeyReason(crypto.randomBytes(32).toString('hex')); // undefined
 * ```
 */
export function weakSecretKeyReason(key: unknown): string | undefined {
  if (key === undefined || key === null || key === '') return 'is not set';
  if (typeof key !== 'string') return `is a ${typeof key}, not a string`;
  const normalized = key.trim().toLowerCase();
  if (DEVELOPMENT_SECRET_KEYS.has(normalized) || PLACEHOLDER.test(key)) {
    return `is the development value or placeholder ${JSON.stringify(key)}`;
  }
  const bytes = new TextEncoder().encode(key).length;
  if (bytes < MIN_SECRET_KEY_BYTES) {
    return `is ${bytes} byte${bytes === 1 ? '' : 's'} long, under the ${MIN_SECRET_KEY_BYTES} bytes required`;
  }
  if (new Set(key).size === 1) return 'is one character repeated';
  return undefined;
}

/**
 * Throws `SetupError` when a config is not fit to serve in production: DEBUG and TESTING off and
 * a SECRET_KEY that {@link weakSecretKeyReason} refuses. The message says how to make a key.
 */
export function assertProductionSecretKey(config: {
  readonly DEBUG?: unknown;
  readonly TESTING?: unknown;
  readonly SECRET_KEY?: unknown;
}): void {
  if (config.DEBUG || config.TESTING) return;
  const weakness = weakSecretKeyReason(config.SECRET_KEY);
  if (!weakness) return;
  throw new SetupError(
    `Refusing to start in production (DEBUG is off): SECRET_KEY ${weakness}. ` +
      `Set SECRET_KEY to a random value of at least ${MIN_SECRET_KEY_BYTES} bytes in instance/config.ts or the environment; ` +
      `generate one with ${GENERATE_SECRET_KEY_COMMAND}. Or turn DEBUG on for local development.`,
    'insecure_secret_key',
  );
}
