// Plain Hono on @hono/node-server, with plain Eta and hand-written better-sqlite3 (one JOIN for posts).

import { serve } from '@hono/node-server';
import { Eta } from 'eta';
import { Hono } from 'hono';
import { PAGE_DATA, TEMPLATES_DIR, userJson } from '../data.ts';
import { DB_PATH, HOST, PORT } from './common.ts';
import { openRawDb } from './raw-db.ts';

const db = openRawDb(DB_PATH);
const eta = new Eta({ views: TEMPLATES_DIR, cache: true });
const app = new Hono();

app.get('/plaintext', (c) => c.text('Hello, World!'));
app.get('/users/:id{[0-9]+}', (c) => c.json(userJson(Number(c.req.param('id')))));
app.get('/page', (c) => c.html(eta.render('page', PAGE_DATA)));
app.get('/db/:id{[0-9]+}', (c) => {
  const row = db.user(Number(c.req.param('id')));
  return row ? c.json(row) : c.notFound();
});
app.get('/posts', (c) => c.json(db.postsWithAuthors()));

serve({ fetch: app.fetch, port: PORT, hostname: HOST });
