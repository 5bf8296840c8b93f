import { type Config, loadConfig } from '@flagon/config';
import { DEFAULT_CONFIG, Flagon } from '@flagon/core';
import { csrf } from '@flagon/forms';
import { createDatabase } from '@flagon/orm';
import { templates } from '@flagon/templates';
import { type Db, tables } from './models.ts';
import { registerViews } from './views.ts';

/**
 * Every setting the app reads, with its default. config.ts overrides these for every machine,
 * instance/config.ts for this one, then __ENV_PREFIX___* environment variables, then the
 * overrides given to createApp() (tests). Flagon's own keys (PROXY_FIX, TRUSTED_HOSTS, MAX_BODY_SIZE, …)
 * come first, so they may be set the same ways.
 */
const defaults = {
  ...DEFAULT_CONFIG,
  DEBUG: false,
  TESTING: false,
  SECRET_KEY: 'dev',
  DATABASE_URL: 'sqlite:app.db',
  MESSAGES_PER_PAGE: 20,
};

/** The app's settings. */
export type AppConfig = typeof defaults;
/** The app, with its config and its request services (`c.db`). */
export type App = Flagon<{ Config: AppConfig; Services: { db: Db } }>;

/** The loaded config of the last app created (`flagon config` shows where each value came from). */
export let config: Config<AppConfig> | undefined;
/** The database of the last app created (`flagon shell` and `flagon db` use it). */
export let db: Db | undefined;

/** The project folder: where config.ts, instance/ and migrations/ are. */
export const projectRoot = `${import.meta.dirname}/../..`;

/** Creates the app: config, database, templates and the views. */
export async function createApp(overrides: Partial<AppConfig> = {}): Promise<App> {
  config = await loadConfig({ root: projectRoot, defaults, envPrefix: '__ENV_PREFIX__', overrides });
  const database = await createDatabase({
    url: config.DATABASE_URL,
    tables,
    baseDir: `${projectRoot}/instance`,
  });
  db = database;

  const app: App = new Flagon({ name: '__APP_NAME__', root: import.meta.dirname, config });
  app.use(templates());
  app.use(csrf()); // every POST needs the form's csrf_token (or an X-CSRF-Token header)
  app.provide('db', () => database);
  app.onShutdown(() => database.close());
  registerViews(app);
  return app;
}
