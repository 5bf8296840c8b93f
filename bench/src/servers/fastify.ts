// Fastify 5, idiomatic: JSON schemas for params and responses (fast-json-stringify), logger off,
// Eta rendered in the handler, Kysely's builder with one JOIN for posts.

import { Eta } from 'eta';
import Fastify from 'fastify';
import { PAGE_DATA, TEMPLATES_DIR, userJson } from '../data.ts';
import { DB_PATH, HOST, PORT } from './common.ts';
import { openKyselyDb } from './kysely-db.ts';

const db = openKyselyDb(DB_PATH);
const eta = new Eta({ views: TEMPLATES_DIR, cache: true });
const app = Fastify({ logger: false });

const idParams = {
  type: 'object',
  properties: { id: { type: 'integer' } },
  required: ['id'],
} as const;
const user = {
  type: 'object',
  properties: { id: { type: 'integer' }, name: { type: 'string' }, email: { type: 'string' } },
} as const;
const post = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    author_id: { type: 'integer' },
    title: { type: 'string' },
    author: user,
  },
} as const;

app.get('/plaintext', async () => 'Hello, World!');
app.get<{ Params: { id: number } }>(
  '/users/:id',
  { schema: { params: idParams, response: { 200: user } } },
  async (request) => userJson(request.params.id),
);
app.get('/page', async (_request, reply) => {
  reply.type('text/html; charset=utf-8');
  return eta.render('page', PAGE_DATA);
});
app.get<{ Params: { id: number } }>(
  '/db/:id',
  { schema: { params: idParams, response: { 200: user } } },
  async (request, reply) => {
    const row = await db.user(request.params.id);
    return row ?? reply.callNotFound();
  },
);
app.get('/posts', { schema: { response: { 200: { type: 'array', items: post } } } }, async () =>
  db.postsJoin(),
);

await app.listen({ port: PORT, host: HOST });
