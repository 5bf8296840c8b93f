// Express 5, idiomatic: defaults (NODE_ENV=production), res.send / res.json, Eta rendered in the
// handler, Kysely's builder with the 51-query loop for posts.

import { Eta } from 'eta';
import express from 'express';
import { PAGE_DATA, TEMPLATES_DIR, userJson } from '../data.ts';
import { DB_PATH, HOST, intId, PORT } from './common.ts';
import { openKyselyDb } from './kysely-db.ts';

const db = openKyselyDb(DB_PATH);
const eta = new Eta({ views: TEMPLATES_DIR, cache: true });
const app = express();

app.get('/plaintext', (_req, res) => {
  res.type('text/plain').send('Hello, World!');
});
app.get('/users/:id', (req, res, next) => {
  const id = intId(req.params.id);
  if (id === null) return next();
  res.json(userJson(id));
});
app.get('/page', (_req, res) => {
  res.type('html').send(eta.render('page', PAGE_DATA));
});
app.get('/db/:id', async (req, res, next) => {
  const id = intId(req.params.id);
  if (id === null) return next();
  const row = await db.user(id);
  if (!row) return next();
  res.json(row);
});
app.get('/posts', async (_req, res) => {
  res.json(await db.postsLoop());
});

app.listen(PORT, HOST);
