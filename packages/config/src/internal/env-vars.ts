/** A variable name split into a config path, with its raw and JSON-decoded value. */
export interface EnvSetting {
  /** The variable as written: `FLASKR_DB__POOL__MAX`. */
  readonly name: string;
  /** The config path: `['DB', 'POOL', 'MAX']`. */
  readonly path: readonly string[];
  /** The raw string. */
  readonly raw: string;
  /** The JSON-decoded value when the string parses as JSON, else the string. */
  readonly value: unknown;
}

/** Normalises a prefix to end with exactly one `_`: `FLASKR` and `FLASKR_` both become `FLASKR_`. */
export function normalizePrefix(prefix: string): string {
  return `${prefix.replace(/_+$/, '')}_`;
}

/** Decodes a value as Flask's `from_prefixed_env` does: JSON when it parses, else the string. */
export function decodeEnvValue(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/**
 * Splits a name (with the prefix already removed) on `__` into a path; returns undefined when a
 * segment is empty (`DB____MAX`, a trailing `__`).
 */
export function splitEnvName(rest: string): string[] | undefined {
  const path = rest.split('__');
  return path.every((segment) => segment.length > 0) ? path : undefined;
}

/**
 * The settings among `env` whose names start with `prefix` (normalised to end with `_`), sorted by
 * name so that `__` nesting is applied in a stable order. Names that do not split into a valid path
 * are returned in `invalid`.
 */
export function prefixedSettings(
  env: Readonly<Record<string, string | undefined>>,
  prefix: string,
  skip: ReadonlySet<string> = new Set(),
): { settings: EnvSetting[]; invalid: string[] } {
  const normalized = normalizePrefix(prefix);
  const settings: EnvSetting[] = [];
  const invalid: string[] = [];
  for (const name of Object.keys(env).sort()) {
    const raw = env[name];
    if (raw === undefined || !name.startsWith(normalized) || skip.has(name)) continue;
    const path = splitEnvName(name.slice(normalized.length));
    if (path === undefined) invalid.push(name);
    else settings.push({ name, path, raw, value: decodeEnvValue(raw) });
  }
  return { settings, invalid };
}
