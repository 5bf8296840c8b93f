// Flagon full: a blueprint, @flagon/templates (Eta adapter), @flagon/orm on SQLite, and a signed
// session cookie (every load request sends one; a before-request hook reads it).

import { Flagon } from '@flagon/core';
import { listen } from '@flagon/core/node';
import { templates } from '@flagon/templates';
import { userJson } from '../data.ts';
import { openDatabase } from '../flagon/models.ts';
import { type FullEnv, site } from '../flagon/site.ts';
import { DB_PATH, HOST, PORT, SECRET_KEY } from './common.ts';

/** The app, also served by `flagon serve --app src/servers/flagon-full.ts:createApp` (src/scale.ts). */
export async function createApp() {
  const app = new Flagon<FullEnv>({
    root: new URL('../flagon/', import.meta.url).pathname,
    staticFolder: null,
    config: { SECRET_KEY },
  });
  app.use(templates());
  const db = await openDatabase(DB_PATH);
  app.use(db.extension()); // c.db, a unit of work per request (N+1 detection), closed on shutdown

  app.beforeRequest(function loadUser(c) {
    c.g.uid = c.session.get('uid');
    return undefined;
  });

  app.get('/plaintext', function plaintext(c) {
    return c.text('Hello, World!');
  });
  app.get('/users/<int:id>', function user(c) {
    return userJson(c.params.id);
  });
  app.get('/login', function login(c) {
    c.session.set('uid', 42);
    return c.text('logged in');
  });
  app.register(site);
  return app;
}

if (import.meta.main) await listen(await createApp(), { port: PORT, host: HOST });
