import { ConfigError, type ConfigIssue } from './config-error.js';
import { requireSection } from './explain.js';
import { normalizePrefix } from './internal/env-vars.js';
import { getAt } from './internal/object-path.js';
import { winningSource } from './internal/sources-of.js';
import type { ConfigKey } from './types.js';

/**
 * Options for {@link requireInProduction}.
 *
 * @example
 * ```ts
 * requireInProduction(config, ['SECRET_KEY'], { mode: 'production' } satisfies RequireInProductionOptions);
 * ```
 */
export interface RequireInProductionOptions {
  /** Check as if in this mode instead of the mode the config was loaded in. */
  mode?: string | undefined;
}

/**
 * In production mode, checks that each key is set (not missing, null or empty) and that its value
 * did not come from the defaults or the schema, i.e. it is not the development value: a
 * `SECRET_KEY: 'dev'` default must be replaced by the instance folder, the environment or an
 * override. Outside production it does nothing. Returns the config, for chaining.
 *
 * @param config - A config returned by `loadConfig`, or a section of one.
 * @param keys - The keys production needs, dotted for nested keys.
 * @param options - `mode` to check as if in that mode.
 * @throws {ConfigError} `config_production`, listing every key that is not ready and where to set it.
 * @example
 * ```ts
 * const config = requireInProduction(await loadConfig({ defaults, envPrefix: 'FLASKR' }), ['SECRET_KEY', 'DATABASE_URL']);
 * ```
 */
export function requireInProduction<T extends object>(
  config: T,
  keys: ReadonlyArray<ConfigKey<T>>,
  options: RequireInProductionOptions = {},
): T {
  const section = requireSection(config, 'requireInProduction');
  const { info } = section.root;
  const mode = 'mode' in options ? options.mode : info.mode;
  if (mode !== 'production') return config;
  const issues: ConfigIssue[] = [];
  for (const key of keys) {
    const relative = String(key).split('.');
    const path = [...section.path, ...relative];
    const value = getAt(section.root.value, path);
    const source = winningSource(section.root.provenance, path);
    const where = whereToSet(String(key), info.envPrefix);
    if (value === undefined || value === null || value === '') {
      issues.push({
        code: 'required',
        key: String(key),
        source: undefined,
        message: `must be set in production. ${where}`,
      });
    } else if (source.kind === 'defaults' || source.kind === 'schema') {
      issues.push({
        code: 'required',
        key: String(key),
        source,
        message: `must be changed for production: it still has its default (development) value. ${where}`,
      });
    }
  }
  if (issues.length > 0) throw new ConfigError('config_production', issues);
  return config;
}

function whereToSet(key: string, envPrefix: string | undefined): string {
  const env =
    envPrefix === undefined
      ? ''
      : `the environment variable ${normalizePrefix(envPrefix)}${key.split('.').join('__')} or `;
  return `Set it in ${env}the instance folder (instance/config.ts or instance/.env).`;
}
