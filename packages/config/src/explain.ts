import { closeMatches } from '@flagon/internal';
import { ConfigError } from './config-error.js';
import type { ConfigSource } from './config-source.js';
import { type SectionMeta, sectionOf } from './internal/config-meta.js';
import { dotted, hasAt, leavesOf } from './internal/object-path.js';
import { historyOf, SCHEMA_SOURCE } from './internal/sources-of.js';
import { redactValue } from './redact.js';
import type { ConfigKey } from './types.js';

/**
 * Options for {@link explain} and {@link describe}.
 *
 * @example
 * ```ts
 * describe(config, { reveal: true }); // secrets as they are: for a trusted terminal only
 * ```
 */
export interface ShowOptions {
  /** Show secrets as they are instead of `[redacted]`. Default: false. */
  reveal?: boolean;
}

/**
 * One source that set a key, as {@link explain} reports it.
 *
 * @example
 * ```ts
 * const winner: ExplainEntry | undefined = explain(config, 'PORT').at(-1);
 * ```
 */
export interface ExplainEntry {
  /** The dotted key that was set (a key below the one asked for, when that is a section). */
  readonly key: string;
  /** Where the value came from. */
  readonly source: ConfigSource;
  /** The value this source gave, redacted unless `reveal` was asked for. */
  readonly value: unknown;
  /** Whether `value` was redacted. */
  readonly redacted: boolean;
}

/**
 * The chain of sources that set a key, lowest precedence first: the winner is last. For a
 * section (`DB`), the entries of every key below it. A value that no source set (a schema
 * default) has one entry whose source kind is `schema`.
 *
 * @param config - A config returned by `loadConfig`, or a section of one.
 * @param key - A key of that config, dotted for nested keys (`DB.POOL.MAX`).
 * @param options - `reveal: true` shows secrets instead of `[redacted]`.
 * @throws {ConfigError} `config_unknown_key` when the key does not exist, suggesting the closest one.
 * @throws {TypeError} when `config` was not returned by `loadConfig`.
 * @example
 * ```ts
 * explain(config, 'SECRET_KEY');
 * // [{ key: 'SECRET_KEY', source: { kind: 'defaults', … }, value: '[redacted]', redacted: true },
 * //  { key: 'SECRET_KEY', source: { kind: 'env', name: 'FLASKR_SECRET_KEY', … }, value: '[redacted]', redacted: true }]
 * ```
 */
export function explain<T extends object>(
  config: T,
  key: ConfigKey<T>,
  options: ShowOptions = {},
): ExplainEntry[] {
  const section = requireSection(config, 'explain');
  const relative = String(key).split('.');
  const path = [...section.path, ...relative];
  if (!hasAt(section.root.value, path)) {
    const known = leavesOf(config as Record<string, unknown>).map(([leaf]) => dotted(leaf));
    const [suggestion] = closeMatches(String(key), known, 1);
    throw new ConfigError('config_unknown_key', [
      {
        code: 'unknown_key',
        key: String(key),
        source: undefined,
        message: 'no such key in this config.',
        ...(suggestion === undefined ? {} : { suggestion }),
      },
    ]);
  }
  const history = historyOf(section.root.provenance, path);
  if (history.length === 0) {
    const value = relative.reduce<unknown>((at, segment) => (at as Record<string, unknown>)[segment], config);
    return [show(String(key), SCHEMA_SOURCE, value, options)];
  }
  return history.map((entry) =>
    show(dotted(entry.path.slice(section.path.length)), entry.source, entry.value, options),
  );
}

/** Builds an entry, redacting by the key's last segment unless revealing. */
export function show(key: string, source: ConfigSource, value: unknown, options: ShowOptions): ExplainEntry {
  if (options.reveal) return { key, source, value, redacted: false };
  const shown = redactValue(key.split('.').at(-1) ?? key, value);
  return { key, source, value: shown, redacted: JSON.stringify(shown) !== JSON.stringify(value) };
}

/** The section metadata of a loaded config, or a TypeError naming the function. */
export function requireSection(config: object, fn: string): SectionMeta {
  const section = sectionOf(config);
  if (!section) throw new TypeError(`${fn}: expected a config returned by loadConfig (or a section of one)`);
  return section;
}
