import { type Config, loadConfig } from '@flagon/config';
import { DEFAULT_CONFIG, Flagon } from '@flagon/core';
import { listen } from '@flagon/core/node';
import { column, createDatabase, type Database, table } from '@flagon/orm';
import { templates } from '@flagon/templates';

/** A message left in the guestbook. Its table is created by migrations/0001_create_message.ts. */
export const messages = table('message', {
  id: column.integer().primaryKey().autoIncrement(),
  body: column.text(),
  created: column.timestamp().defaultNow(),
});

const tables = { messages };

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

type AppConfig = typeof defaults;
type Db = Database<typeof tables>;

/** The loaded config of the last app created (`flagon config` shows where each value came from). */
export let config: Config<AppConfig> | undefined;
/** The database of the last app created (`flagon shell` and `flagon db` use it). */
export let db: Db | undefined;

/** Creates the app: config, database, templates and the views. */
export async function createApp(overrides: Partial<AppConfig> = {}) {
  config = await loadConfig({ root: import.meta.dirname, defaults, envPrefix: '__ENV_PREFIX__', overrides });
  const database = await createDatabase({
    url: config.DATABASE_URL,
    tables,
    baseDir: `${import.meta.dirname}/instance`,
  });
  db = database;

  const app = new Flagon<{ Config: AppConfig; Services: { db: Db } }>({
    name: '__APP_NAME__',
    root: import.meta.dirname,
    config,
  });
  app.use(templates());
  app.provide('db', () => database);
  app.onShutdown(() => database.close());

  app.route('/', { methods: ['GET', 'POST'] }, async function index(c) {
    if (c.req.method === 'POST') {
      const form = await c.req.form();
      const body = typeof form.body === 'string' ? form.body.trim() : '';
      if (!body) {
        c.flash('Write a message first.', 'error');
      } else if (body.length > 500) {
        c.flash('Keep it under 500 characters.', 'error');
      } else {
        await c.db.messages.create({ body });
        c.flash('Thanks for your message!');
      }
      return c.redirect(c.urlFor('index'));
    }
    const latest = await c.db.messages.orderBy('id', 'desc').limit(c.config.MESSAGES_PER_PAGE).all();
    return c.render('index.html', { messages: latest });
  });

  return app;
}

// `node app.ts` serves the app; `flagon run --debug` does too, restarting on changes.
if (import.meta.main) {
  const app = await createApp();
  const server = await listen(app);
  console.log(`Running on ${server.url} (Ctrl+C to quit)`);
}
