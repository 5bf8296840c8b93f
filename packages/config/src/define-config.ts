/**
 * What a config module's function receives: the mode, the environment and the folders in play.
 *
 * @example
 * ```ts
 * export default ({ mode, env }: ConfigContext) => ({ DEBUG: mode === 'development', HOST: env.HOST ?? 'localhost' });
 * ```
 */
export interface ConfigContext {
  /** `development`, `production`, `test` or another mode; undefined when none is set. */
  readonly mode: string | undefined;
  /** The environment variables (`process.env` unless injected). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The project root, where `config.ts` lives. */
  readonly root: string;
  /** The instance folder. */
  readonly instancePath: string;
}

/**
 * What a config module (`config.ts`, `instance/config.ts`, `config.production.ts`) exports, as its
 * default export or as `config`: an object, or a function of the {@link ConfigContext} returning
 * one (possibly async).
 *
 * @example
 * ```ts
 * const config: ConfigModule<{ DEBUG: boolean }> = ({ mode }) => ({ DEBUG: mode !== 'production' });
 * ```
 */
export type ConfigModule<T extends object = Record<string, unknown>> =
  | T
  | ((context: ConfigContext) => T | Promise<T>);

/**
 * Returns its argument unchanged; it only gives a config file types and editor completion.
 * Pass your app's config type to have keys and values checked: `defineConfig<Partial<AppConfig>>({ ... })`.
 *
 * @param config - An object, or a (possibly async) function of the {@link ConfigContext} returning one.
 * @returns `config`, unchanged.
 * @example
 * ```ts
 * // config.ts
 * import { defineConfig } from '@flagon/config';
 * export default defineConfig(({ mode }) => ({ DEBUG: mode === 'development', DATABASE_URL: 'sqlite:app.sqlite' }));
 * ```
 */
export function defineConfig<T extends object = Record<string, unknown>>(
  config: ConfigModule<T>,
): ConfigModule<T> {
  return config;
}
