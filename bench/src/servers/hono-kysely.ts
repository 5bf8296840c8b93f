// Hono with Kysely's query builder on the stock SqliteDialect; posts as the 51-query loop.

import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { DB_PATH, HOST, PORT } from './common.ts';
import { openKyselyDb } from './kysely-db.ts';

const db = openKyselyDb(DB_PATH);
const app = new Hono();

app.get('/db/:id{[0-9]+}', async (c) => {
  const row = await db.user(Number(c.req.param('id')));
  return row ? c.json(row) : c.notFound();
});
app.get('/posts', async (c) => c.json(await db.postsLoop()));

serve({ fetch: app.fetch, port: PORT, hostname: HOST });
