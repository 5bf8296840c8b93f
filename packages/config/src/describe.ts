import type { ConfigSource } from './config-source.js';
import { type ExplainEntry, requireSection, type ShowOptions, show } from './explain.js';
import { dotted, leavesOf } from './internal/object-path.js';
import { winningSource } from './internal/sources-of.js';

/**
 * One effective key, as {@link describe} reports it: the key, its value and the source that won.
 *
 * @example
 * ```ts
 * const rows: DescribedKey[] = describe(config);
 * ```
 */
export type DescribedKey = ExplainEntry;

/**
 * Where and how a config was loaded, as {@link configInfo} reports it.
 *
 * @example
 * ```ts
 * const info: ConfigInfo = configInfo(config);
 * ```
 */
export interface ConfigInfo {
  /** The mode it was loaded in, if any. */
  readonly mode: string | undefined;
  /** The project root. */
  readonly root: string | undefined;
  /** The instance folder. */
  readonly instancePath: string | undefined;
  /** The env prefix, if env vars were read. */
  readonly envPrefix: string | undefined;
  /** Every file that was read, in precedence order. */
  readonly files: readonly string[];
}

/**
 * Every effective key (dotted, for nested keys) with its value (redacted unless `reveal`) and the
 * source that set it: what `flagon config` prints.
 *
 * @param config - A config returned by `loadConfig`, or a section of one.
 * @param options - `reveal: true` shows secrets instead of `[redacted]`.
 * @throws {TypeError} when `config` was not returned by `loadConfig`.
 * @example
 * ```ts
 * for (const { key, value, source } of describe(config)) console.log(key, value, source.label);
 * // DATABASE_URL postgres://app:[redacted]@db/app instance/config.ts
 * ```
 */
export function describe(config: object, options: ShowOptions = {}): DescribedKey[] {
  const section = requireSection(config, 'describe');
  return leavesOf(config as Record<string, unknown>).map(([path, value]) => {
    const source: ConfigSource = winningSource(section.root.provenance, [...section.path, ...path]);
    return show(dotted(path), source, value, options);
  });
}

/**
 * The mode, folders, env prefix and files a config was loaded with.
 *
 * @param config - A config returned by `loadConfig`, or a section of one.
 * @throws {TypeError} when `config` was not returned by `loadConfig`.
 * @example
 * ```ts
 * const { mode, files } = configInfo(config);
 * console.log(`mode ${mode ?? '(none)'}, read ${files.join(', ')}`);
 * ```
 */
export function configInfo(config: object): ConfigInfo {
  return requireSection(config, 'configInfo').root.info;
}
