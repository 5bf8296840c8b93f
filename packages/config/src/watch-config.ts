import { existsSync, type FSWatcher, watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { InferSchemaOutput, StandardSchemaV1 } from '@flagon/internal';
import {
  type DefaultsConfigOptions,
  type LoadConfigOptions,
  loadConfig,
  type SchemaConfigOptions,
  type UntypedConfigOptions,
} from './load-config.js';
import { reveal } from './reveal.js';
import type { Config } from './types.js';

/**
 * What {@link watchConfig} calls, and how often.
 *
 * @example
 * ```ts
 * const watch: WatchOptions<typeof config> = { onChange: (next) => console.log(next), debounceMs: 100 };
 * ```
 */
export interface WatchOptions<T> {
  /** Called with the new config after a reload that changed something. */
  onChange: (config: T, previous: T) => void;
  /**
   * Called when a reload fails; the last good config stays current. Default: `console.error`
   * of the error's message.
   */
  onError?: (error: unknown) => void;
  /** Wait this long after the last file event before reloading. Default: 50 ms. */
  debounceMs?: number;
}

/**
 * A running watch; {@link watchConfig} returns it.
 *
 * @example
 * ```ts
 * process.on('SIGINT', () => watcher.close());
 * ```
 */
export interface ConfigWatcher<T> {
  /** The last config that loaded without errors. */
  readonly current: T;
  /** Reloads now; resolves to the current config (the last good one if the reload failed). */
  reload(): Promise<T>;
  /** Stops watching. */
  close(): void;
}

const CONFIG_FILE = /^config(\.[A-Za-z0-9_-]+)?\.(ts|mts|js|mjs|json)$/;
const DOTENV_FILE = /^\.env(\.[A-Za-z0-9_-]+)?$/;

/**
 * Loads the config like {@link loadConfig}, then reloads it whenever a config file at the root or
 * anything in the instance folder changes (for development). A reload that fails keeps the last
 * good config and reports the error to `onError`. Modules that a config file imports are not
 * watched.
 *
 * @param options - The {@link loadConfig} options, plus `onChange`, `onError` and `debounceMs`.
 * @returns A handle with the `current` config, `reload()` and `close()`.
 * @throws {ConfigError} when the first load fails.
 * @example
 * ```ts
 * const watcher = await watchConfig({
 *   root: import.meta.dirname,
 *   defaults,
 *   onChange: (config) => app.setConfig(config),
 * });
 * // later
 * watcher.close();
 * ```
 */
export function watchConfig<S extends StandardSchemaV1>(
  options: SchemaConfigOptions<S> & WatchOptions<Config<InferSchemaOutput<S>>>,
): Promise<ConfigWatcher<Config<InferSchemaOutput<S>>>>;
export function watchConfig<D extends object>(
  options: DefaultsConfigOptions<D> & WatchOptions<Config<D>>,
): Promise<ConfigWatcher<Config<D>>>;
export function watchConfig(
  options: UntypedConfigOptions & WatchOptions<Config<Record<string, unknown>>>,
): Promise<ConfigWatcher<Config<Record<string, unknown>>>>;
export async function watchConfig(
  options: LoadConfigOptions & WatchOptions<never>,
): Promise<ConfigWatcher<object>> {
  const load = () => loadConfig(options as UntypedConfigOptions) as Promise<object>;
  let current = await load();
  const root = resolve(options.root ?? process.cwd());
  const instancePath = resolve(root, options.instancePath ?? 'instance');
  const onError =
    options.onError ?? ((error: unknown) => console.error(error instanceof Error ? error.message : error));
  const watchers = new Map<string, FSWatcher>();
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<object> | undefined;
  let again = false;

  const reload = async (): Promise<object> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          const next = await load();
          if (closed) break;
          const previous = current;
          current = next;
          if (JSON.stringify(reveal(next)) !== JSON.stringify(reveal(previous)))
            options.onChange(next as never, previous as never);
        } catch (error) {
          if (!closed) onError(error);
        }
      } while (again && !closed);
      return current;
    })();
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };

  const schedule = () => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), options.debounceMs ?? 50);
  };

  const watchDir = (dir: string, relevant: (name: string) => boolean) => {
    if (watchers.has(dir) || !existsSync(dir)) return;
    try {
      const watcher = watch(dir, (_event, name) => {
        if (name === null || relevant(name)) schedule();
        if (name === null || name === basename(instancePath)) armInstance();
      });
      watcher.on('error', () => {
        watcher.close();
        watchers.delete(dir);
        schedule();
      });
      watchers.set(dir, watcher);
    } catch {
      // The folder vanished between the check and the watch; the parent's watcher re-arms it.
    }
  };

  const isInstanceName = (name: string) => name === basename(instancePath);
  function armInstance() {
    if (closed) return;
    if (existsSync(instancePath))
      watchDir(instancePath, (name) => CONFIG_FILE.test(name) || DOTENV_FILE.test(name));
    const parent = dirname(instancePath);
    if (parent !== root) watchDir(parent, isInstanceName);
  }

  watchDir(
    root,
    (name) => CONFIG_FILE.test(name) || (dirname(instancePath) === root && isInstanceName(name)),
  );
  armInstance();

  return {
    get current() {
      return current;
    },
    reload,
    close() {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
