import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@flagon/config';
import { DEFAULT_CONFIG, Flagon } from '@flagon/core';
import { createDatabase } from '@flagon/orm';
import { redisSessions } from '@flagon/redis';
import { templates } from '@flagon/templates';
import { auth } from './auth.ts';
import { blog } from './blog.ts';
import type { Env, FlaskrConfig } from './env.ts';
import { relations, tables } from './models.ts';

/** The project root: where config.ts and instance/ live. */
export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

/**
 * Creates the Flaskr app: config from config.ts, instance/ and FLASKR_* variables, then
 * `overrides` (tests pass TESTING and their own DATABASE_URL); the database, its schema
 * created when it has none; templates; sessions in Redis when REDIS_URL is set; and the auth
 * and blog blueprints.
 */
export async function createApp(overrides: Partial<FlaskrConfig> & Record<string, unknown> = {}) {
  const defaults: FlaskrConfig = {
    // Flagon's own keys (PROXY_FIX, TRUSTED_HOSTS, SESSION_COOKIE_SECURE, …), so config files and
    // FLASKR_* variables may set them too.
    ...DEFAULT_CONFIG,
    SECRET_KEY: 'dev',
    DATABASE_URL: 'sqlite:flaskr.sqlite',
    DEBUG: false,
    TESTING: false,
    REDIS_URL: '',
    REDIS_PREFIX: 'flaskr:session:',
    REPORT_WORKER_PID: false,
  };
  const config = await loadConfig({
    root: PROJECT_ROOT,
    defaults,
    envPrefix: 'FLASKR',
    overrides,
  });
  const instancePath = join(PROJECT_ROOT, 'instance');
  mkdirSync(instancePath, { recursive: true });

  const app = new Flagon<Env>({ name: 'flaskr', root: import.meta.dirname, config });
  app.use(templates());
  // Signed-cookie sessions by default; with REDIS_URL (e.g. FLASKR_REDIS_URL) they live in Redis,
  // shared by every worker and machine, and logging out deletes them server-side.
  if (config.REDIS_URL) app.use(redisSessions({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX }));
  if (config.REPORT_WORKER_PID) {
    app.afterRequest(function reportWorkerPid(_c, response) {
      response.headers.set('x-worker-pid', String(process.pid));
    });
  }

  // #region database
  const db = await createDatabase(config.DATABASE_URL, { tables, relations, baseDir: instancePath });
  await db.createAll();
  // c.db in views, one N+1 unit of work per request, closed when the server shuts down.
  app.use(db.extension());
  // #endregion database

  app.get('/hello', function hello() {
    return 'Hello, World!';
  });

  // #region init-db
  app.cli.command(
    'init-db',
    { description: 'Clear the existing data and create new tables.' },
    async ({ print }) => {
      await initDb(db);
      print('Initialized the database.');
    },
  );
  // #endregion init-db

  // #region blueprints
  app.register(auth);
  app.register(blog);
  // As Flask's tutorial does: urlFor('index') and urlFor('blog.index') are both '/'. Requests to /
  // go to blog.index, whose rule came first; this view is only here to name the endpoint.
  app.route('/', { endpoint: 'index' }, function index(c) {
    return c.redirect('blog.index');
  });
  // #endregion blueprints
  return Object.assign(app, { db });
}

// #region init-db-function
/** Drops and re-creates every table, like Flask's `init-db`. */
export async function initDb(db: { dropAll(): Promise<void>; createAll(): Promise<void> }): Promise<void> {
  await db.dropAll();
  await db.createAll();
}
// #endregion init-db-function
