// The HTTP stacks under test and what each one serves.

import type { Endpoint } from './data.ts';

export interface Stack {
  /** Short id, also the server file name in servers/. */
  readonly id: string;
  /** Label in the tables. */
  readonly label: string;
  /** What it is, for RESULTS.md. */
  readonly description: string;
  readonly endpoints: readonly Endpoint[];
  /** How it answers /posts (when it serves it). */
  readonly postsStyle?: string;
  /** The server file in servers/ when it is not `id`. */
  readonly server?: string;
  /** Sent without the session cookie every other stack gets. */
  readonly noCookie?: boolean;
}

const ALL: readonly Endpoint[] = ['plaintext', 'json', 'page', 'db', 'posts'];

export const STACKS: readonly Stack[] = [
  {
    id: 'node-http',
    label: 'node:http (limit)',
    description:
      'raw `node:http`, routing by hand, a hand-written template literal, hand-written better-sqlite3 statements',
    endpoints: ALL,
    postsStyle: 'one JOIN, raw better-sqlite3 (the limit, not a competitor)',
  },
  {
    id: 'hono',
    label: 'Hono',
    description:
      'plain Hono on @hono/node-server; plain Eta (`cache: true`); hand-written raw better-sqlite3 prepared statements',
    endpoints: ALL,
    postsStyle:
      'one JOIN, hand-written raw better-sqlite3 (a reference: Hono users on a query builder are `hono-kysely`)',
  },
  {
    id: 'hono-kysely',
    label: 'Hono + Kysely',
    description: "Hono with Kysely's query builder on Kysely's stock `SqliteDialect` (better-sqlite3)",
    endpoints: ['db', 'posts'],
    postsStyle: "Kysely builder, 51 queries (posts, then each post's author in a loop)",
  },
  {
    id: 'flagon-core',
    label: 'Flagon core',
    description: '`@flagon/core` alone (`new Flagon()`, `<int:id>` converter), served by `listen()`',
    endpoints: ['plaintext', 'json'],
  },
  {
    id: 'flagon-core-nocookie',
    label: 'Flagon core, no cookie',
    description:
      'the same Flagon core server, loaded without the session cookie (every other stack gets it), to show what the cookie costs',
    endpoints: ['plaintext', 'json'],
    server: 'flagon-core',
    noCookie: true,
  },
  {
    id: 'flagon-full',
    label: 'Flagon full',
    description:
      'Flagon with a blueprint, `@flagon/templates` (Eta adapter), `@flagon/orm` on SQLite plugged in with `app.use(db.extension())` (defaults: a unit of work per request), and a signed session cookie sent with every request and read by a before-request hook',
    endpoints: ALL,
    postsStyle: "ORM eager loading, `.with('author')` (2 queries)",
  },
  {
    id: 'flagon-full-nocookie',
    label: 'Flagon full, no cookie',
    description:
      'the same Flagon full server, loaded without the session cookie, to show what the cookie costs on the pages and queries',
    endpoints: ['page', 'db', 'posts'],
    server: 'flagon-full',
    noCookie: true,
  },
  {
    id: 'fastify',
    label: 'Fastify 5',
    description:
      'Fastify 5, logger off, JSON schemas for params and responses (fast-json-stringify), Eta rendered in the handler, Kysely builder',
    endpoints: ALL,
    postsStyle: 'Kysely builder, one JOIN mapped by hand',
  },
  {
    id: 'express',
    label: 'Express 5',
    description:
      'Express 5 with its defaults (NODE_ENV=production, ETag on), res.send/res.json, Eta rendered in the handler, Kysely builder',
    endpoints: ALL,
    postsStyle: "Kysely builder, 51 queries (posts, then each post's author in a loop)",
  },
];
