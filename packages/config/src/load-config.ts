import { resolve } from 'node:path';
import type { InferSchemaInput, InferSchemaOutput, StandardSchemaV1 } from '@flagon/internal';
import { ConfigError, type ConfigIssue } from './config-error.js';
import type { ConfigContext } from './define-config.js';
import { loadConfigFiles } from './file-loader.js';
import { finalizeConfig } from './internal/config-meta.js';
import { prefixedSettings } from './internal/env-vars.js';
import type { SourceLeaf } from './internal/merge.js';
import { isPlainObject, leavesOf } from './internal/object-path.js';
import { resolveConfig } from './internal/resolve.js';
import type { Config, DeepPartial } from './types.js';

/**
 * Options shared by every way of calling {@link loadConfig}.
 *
 * @example
 * ```ts
 * const base: LoadConfigBaseOptions = { root: import.meta.dirname, instancePath: 'instance', envPrefix: 'FLASKR' };
 * ```
 */
export interface LoadConfigBaseOptions {
  /** The project root, where `config.ts` lives. Default: `process.cwd()`. */
  root?: string;
  /** The instance folder, absolute or relative to `root`. Default: `'instance'`. */
  instancePath?: string;
  /**
   * Reads environment variables starting with this prefix and `_` (`FLASKR` reads `FLASKR_*`);
   * `__` nests. Default: none (environment variables are not read).
   */
  envPrefix?: string;
  /** The environment. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * The mode, selecting `config.<mode>.*` files and `.env.<mode>`. Default: `FLAGON_ENV`, else
   * `NODE_ENV`, else none.
   */
  mode?: string | undefined;
}

/**
 * {@link loadConfig} options with a Standard Schema (zod, valibot, arktype…).
 *
 * @example
 * ```ts
 * const options: SchemaConfigOptions<typeof schema> = { schema, envPrefix: 'FLASKR' };
 * ```
 */
export interface SchemaConfigOptions<S extends StandardSchemaV1> extends LoadConfigBaseOptions {
  /** The schema every merged value is validated against; the config's type is its output. */
  schema: S;
  /** Values below every other source (besides the schema's own defaults). */
  defaults?: NoInfer<DeepPartial<InferSchemaInput<S>>>;
  /** Values above every other source: tests, `createApp(overrides)`. */
  overrides?: NoInfer<DeepPartial<InferSchemaInput<S>>>;
}

/**
 * {@link loadConfig} options with a plain defaults object, which also gives the config its type.
 *
 * @example
 * ```ts
 * const options: DefaultsConfigOptions<{ DEBUG: boolean }> = { defaults: { DEBUG: false }, overrides: { TESTING: true } };
 * ```
 */
export interface DefaultsConfigOptions<D extends object> extends LoadConfigBaseOptions {
  schema?: undefined;
  /** Every key with its default value; other sources must match each default's type. */
  defaults: D;
  /** Values above every other source; keys not in `defaults` are accepted here. */
  overrides?: NoInfer<DeepPartial<D>> & Record<string, unknown>;
}

/**
 * {@link loadConfig} options with neither schema nor defaults: anything goes, untyped.
 *
 * @example
 * ```ts
 * const options: UntypedConfigOptions = { root: import.meta.dirname };
 * ```
 */
export interface UntypedConfigOptions extends LoadConfigBaseOptions {
  schema?: undefined;
  defaults?: undefined;
  overrides?: Record<string, unknown>;
}

/**
 * Any options {@link loadConfig} accepts.
 *
 * @example
 * ```ts
 * function load(options: LoadConfigOptions) {}
 * ```
 */
export type LoadConfigOptions =
  | SchemaConfigOptions<StandardSchemaV1>
  | DefaultsConfigOptions<object>
  | UntypedConfigOptions;

const MODE_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * Loads configuration from every source, lowest precedence first: `defaults` (or the schema's
 * defaults), `config.*` at the root, the instance folder (`config.*`, `.env`), environment
 * variables with `envPrefix`, then `overrides`. Returns a deeply frozen, typed object whose
 * secrets are redacted when printed or serialised.
 *
 * @param options - Where to look (`root`, `instancePath`, `envPrefix`, `env`, `mode`) and what to
 *   expect (`schema` or `defaults`), plus `overrides`.
 * @returns The config, typed from the schema's output or the defaults.
 * @throws {ConfigError} `config_load` when a file exists but does not parse or load;
 * `config_invalid` listing every invalid value and unknown key.
 * @throws {TypeError} when `defaults` or `overrides` is not a plain object.
 * @example
 * ```ts
 * const config = await loadConfig({
 *   root: import.meta.dirname,
 *   defaults: { SECRET_KEY: 'dev', DATABASE_URL: 'sqlite:flaskr.sqlite', DEBUG: false },
 *   envPrefix: 'FLASKR',
 * });
 * config.DATABASE_URL; // string
 * ```
 */
export function loadConfig<S extends StandardSchemaV1>(
  options: SchemaConfigOptions<S>,
): Promise<Config<InferSchemaOutput<S>>>;
export function loadConfig<D extends object>(options: DefaultsConfigOptions<D>): Promise<Config<D>>;
export function loadConfig(options?: UntypedConfigOptions): Promise<Config<Record<string, unknown>>>;
export async function loadConfig(options: LoadConfigOptions = {}): Promise<unknown> {
  const env = options.env ?? process.env;
  const root = resolve(options.root ?? process.cwd());
  const instancePath = resolve(root, options.instancePath ?? 'instance');
  const mode = options.mode ?? (env.FLAGON_ENV || env.NODE_ENV || undefined);
  const issues: ConfigIssue[] = [];
  if (mode !== undefined && !MODE_NAME.test(mode)) {
    issues.push({
      code: 'invalid',
      key: '',
      source: undefined,
      message: `mode "${mode}" may only contain letters, digits, "-" and "_".`,
    });
    throw new ConfigError('config_load', issues);
  }
  const context: ConfigContext = { mode, env, root, instancePath };
  const defaults = options.defaults as Record<string, unknown> | undefined;
  const leaves: SourceLeaf[] = [];
  if (defaults !== undefined) {
    if (!isPlainObject(defaults)) throw new TypeError('loadConfig: `defaults` must be a plain object');
    const source = { kind: 'defaults', label: 'defaults' } as const;
    for (const [path, value] of leavesOf(defaults)) leaves.push({ path, value, source, checked: false });
  }
  const files = await loadConfigFiles({ context, envPrefix: options.envPrefix });
  leaves.push(...files.leaves);
  issues.push(...files.issues);
  if (options.envPrefix !== undefined) {
    const { settings, invalid } = prefixedSettings(env, options.envPrefix, new Set(['FLAGON_ENV']));
    for (const setting of settings) {
      const source = { kind: 'env', name: setting.name, label: `env ${setting.name}` } as const;
      leaves.push({ path: setting.path, value: setting.value, raw: setting.raw, source, checked: true });
    }
    for (const name of invalid) {
      issues.push({
        code: 'parse',
        key: '',
        source: { kind: 'env', name, label: `env ${name}` },
        message: 'empty key segment: "__" separates keys and cannot start, end or repeat.',
      });
    }
  }
  if (issues.length > 0) throw new ConfigError('config_load', issues);
  if (options.overrides !== undefined) {
    if (!isPlainObject(options.overrides))
      throw new TypeError('loadConfig: `overrides` must be a plain object');
    const source = { kind: 'override', label: 'overrides' } as const;
    for (const [path, value] of leavesOf(options.overrides))
      leaves.push({ path, value, source, checked: false });
  }
  const resolved = await resolveConfig({ leaves, schema: options.schema, defaults });
  return finalizeConfig(resolved.value, resolved.provenance, {
    mode,
    root,
    instancePath,
    envPrefix: options.envPrefix,
    files: files.files,
  });
}
