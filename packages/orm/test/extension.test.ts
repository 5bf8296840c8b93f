import { abort, Flagon, HTTPError, PENDING, valueNow } from '@flagon/core';
import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { createDatabase, type Database, DatabaseError, type NPlusOneWarning } from '../src/index.ts';
import { relations, tables } from './fixtures/models.ts';
import { freshPostgres } from './fixtures/servers.ts';

type Db = Database<typeof tables, typeof relations>;
type Env = { Services: { db: Db } };
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

async function setup(options: Parameters<Db['extension']>[0] = {}, url = 'sqlite::memory:') {
  const warnings: NPlusOneWarning[] = [];
  const db = await createDatabase(url, {
    tables,
    relations,
    nPlusOne: { threshold: 3, onWarning: (w) => warnings.push(w) },
  });
  await db.createAll();
  const app = new Flagon<Env>({ staticFolder: null, logger: quiet });
  app.use(db.extension(options));
  app.get('/users', async function users(c) {
    return c.db.users.orderBy('username').all();
  });
  app.post('/users/<name>', async function create(c) {
    const user = await c.db.users.create({ username: String(c.params.name), password: 'x' });
    if (user.username === 'fail') throw new Error('view failed after writing');
    return user;
  });
  app.get('/posts/<int:id>', async function post(c) {
    return c.db.posts.getOr404(Number(c.params.id));
  });
  app.get('/n-plus-one', async function nPlusOne(c) {
    const posts = await c.db.posts.all();
    const authors = [];
    for (const post of posts) authors.push(await c.db.users.find(post.authorId));
    return { count: authors.length };
  });
  app.get('/in-tx', async function inTx(c) {
    return { inTransaction: c.db.inTransaction };
  });
  return { db, app, warnings };
}

describe('db.extension() in a Flagon app', () => {
  test('on SQLite a view returning getOr404 as is is answered without waiting', async () => {
    // No N+1 detection (it is off in production): c.db is the database and find() calls the driver.
    const db = await createDatabase('sqlite::memory:', { tables, relations });
    await db.createAll();
    const app = new Flagon<Env>({ staticFolder: null, logger: quiet });
    app.use(db.extension());
    app.get('/user/<int:id>', function user(c) {
      return c.db.users.getOr404(c.params.id as number);
    });
    const ada = await db.users.create({ username: 'ada', password: 'x' });
    const found = db.users.getOr404(ada.id);
    expect(valueNow(found)).toEqual(ada);
    expect(valueNow(db.users.findOrFail(ada.id))).toEqual(ada);
    const response = app.fetch(new Request('http://localhost/user/1'));
    expect(response).toBeInstanceOf(Response);
    expect(await (response as Response).json()).toEqual(ada);
    // A missing row is a rejected promise: waited for, and a 404 from the error handlers.
    const missing = db.users.getOr404(2);
    expect(valueNow(missing)).toBe(PENDING);
    await expect(missing).rejects.toBeInstanceOf(HTTPError);
    expect((await app.request('/user/2')).status).toBe(404);
    // Inside a transaction the driver is not called at once: the same view waits and answers alike.
    await db.transaction(async (tx) => {
      const inside = tx.users.getOr404(ada.id);
      expect(valueNow(inside)).toBe(PENDING);
      expect(await inside).toEqual(ada);
    });
    // With N+1 detection (debug, TESTING) every query is recorded, and the view waits.
    const testing = new Flagon<Env>({ staticFolder: null, logger: quiet, config: { TESTING: true } });
    testing.use(db.extension());
    testing.get('/user/<int:id>', function user(c) {
      return c.db.users.getOr404(c.params.id as number);
    });
    const recorded = testing.fetch(new Request('http://localhost/user/1'));
    expect(recorded).toBeInstanceOf(Promise);
    expect(await (await recorded).json()).toEqual(ada);
    await db.close();
  });

  test('with PostgreSQL the same view waits for the driver and answers alike', async () => {
    const pg = await freshPostgres();
    try {
      const { db, app } = await setup({}, pg.url);
      app.get('/user/<int:id>', function user(c) {
        return c.db.users.getOr404(c.params.id as number);
      });
      const ada = await db.users.create({ username: 'ada', password: 'x' });
      const found = db.users.getOr404(ada.id);
      expect(valueNow(found)).toBe(PENDING);
      expect(await found).toEqual(ada);
      const response = app.fetch(new Request('http://localhost/user/1'));
      expect(response).toBeInstanceOf(Promise);
      expect(await (await response).json()).toEqual(ada);
      expect((await app.request('/user/2')).status).toBe(404);
      await db.close();
    } finally {
      await pg.drop();
    }
  });

  test('views get c.db; getOr404 becomes a 404 response', async () => {
    const { db, app } = await setup();
    await db.users.create({ username: 'ada', password: 'x' });
    const res = await app.request('/users');
    expect(await res.json()).toEqual([{ id: 1, username: 'ada', password: 'x', active: true }]);
    const missing = await app.request('/posts/42');
    expect(missing.status).toBe(404);
    expect(await (await app.request('/in-tx')).json()).toEqual({ inTransaction: false });
    expect(app.extensions.get('orm')).toMatchObject({ name: 'orm', db });
    await db.close();
  });

  test.each(['sqlite', 'postgres'])(
    'requestTransaction commits a successful request and rolls back a failed one (%s)',
    async (dialect) => {
      const server = dialect === 'postgres' ? await freshPostgres() : undefined;
      try {
        const { db, app } = await setup({ requestTransaction: true }, server?.url);
        expect(await (await app.request('/in-tx')).json()).toEqual({ inTransaction: true });
        const [ok, failed] = await Promise.all([
          app.request('/users/ada', { method: 'POST' }),
          app.request('/users/fail', { method: 'POST' }),
        ]);
        expect([ok.status, failed.status]).toEqual([200, 500]);
        expect((await db.users.all()).map((u) => u.username)).toEqual(['ada']);
        await db.close();
      } finally {
        await server?.drop();
      }
    },
  );

  test('the N+1 detector watches each request and names the view', async () => {
    const { db, app, warnings } = await setup();
    const ada = await db.users.create({ username: 'ada', password: 'x' });
    await db.posts.createMany(
      Array.from({ length: 4 }, (_, i) => ({ authorId: ada.id, title: `p${i}`, body: '' })),
    );
    expect(await (await app.request('/n-plus-one')).json()).toEqual({ count: 4 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.callSite).toContain('extension.test.ts');
    await app.request('/n-plus-one');
    expect(warnings).toHaveLength(2);
    await db.close();
  });

  test("nPlusOne: { mode: 'error' } turns a repeated query into a 500", async () => {
    const { db, app } = await setup({ nPlusOne: { mode: 'error', threshold: 2 } });
    const ada = await db.users.create({ username: 'ada', password: 'x' });
    await db.posts.createMany([
      { authorId: ada.id, title: 'a', body: '' },
      { authorId: ada.id, title: 'b', body: '' },
    ]);
    expect((await app.request('/n-plus-one')).status).toBe(500);
    await db.close();
  });

  test('app.shutdown() closes the database', async () => {
    const { db, app } = await setup();
    await app.shutdown();
    await expect(db.users.count()).rejects.toThrow();
    expect(HTTPError).toBeTypeOf('function');
    expect(DatabaseError).toBeTypeOf('function');
  });
});

describe('debug mode', () => {
  test('each request logs its queries with a summary and the view that ran them', async () => {
    const lines: string[] = [];
    const db = await createDatabase('sqlite::memory:', { tables, relations });
    await db.createAll();
    await db.users.create({ username: 'ada', password: 'x' });
    const app = new Flagon<Env>({
      staticFolder: null,
      config: { DEBUG: true },
      logger: { ...quiet, info: (line: string) => lines.push(line) },
    });
    app.use(db.extension());
    app.get('/users', async function listUsers(c) {
      const users = await c.db.users.orderBy('username').all();
      return { count: users.length, posts: await c.db.posts.count() };
    });
    expect(await (await app.request('/users')).json()).toEqual({ count: 1, posts: 0 });
    expect(lines).toHaveLength(1);
    const [summary, first, second] = (lines[0] ?? '').split('\n');
    expect(summary).toMatch(/^GET \/users: 2 queries, \d+\.\d ms$/);
    expect(first).toMatch(/ms {2}select .* from "user" order by "username" asc.*extension\.test\.ts:\d+:\d+/);
    expect(second).toMatch(/count/);
    await db.close();
  });
});

describe('per-request N+1 detection by mode', () => {
  async function appWith(config: Record<string, unknown>) {
    const db = await createDatabase('sqlite::memory:', { tables, relations });
    await db.createAll();
    const ada = await db.users.create({ username: 'ada', password: 'x' });
    for (let i = 0; i < 6; i++) await db.posts.create({ authorId: ada.id, title: `t${i}`, body: '' });
    const app = new Flagon<Env>({ staticFolder: null, logger: quiet, config });
    app.use(db.extension());
    app.get('/loop', async function loop(c) {
      const posts = await c.db.posts.all();
      for (const post of posts) await c.db.users.find(post.authorId);
      return { posts: posts.length };
    });
    return { db, app };
  }

  test('on in testing mode, off in production unless asked for', async () => {
    const warned: string[] = [];
    const original = console.warn;
    console.warn = (message: string) => void warned.push(message);
    try {
      const production = await appWith({});
      expect(await (await production.app.request('/loop')).json()).toEqual({ posts: 6 });
      expect(warned).toEqual([]);
      await production.db.close();
      const testing = await appWith({ TESTING: true });
      await testing.app.request('/loop');
      expect(warned).toHaveLength(1);
      expect(warned[0]).toMatch(/^N\+1 query detected: the same query ran 5 times/);
      await testing.db.close();
    } finally {
      console.warn = original;
    }
  });
});

describe('request transactions', () => {
  const SECRET = { SECRET_KEY: 'a test secret that is long enough to sign cookies' };

  async function shop(url: string) {
    const db = await createDatabase(url, { tables, relations });
    await db.createAll();
    const app = new Flagon<Env>({ staticFolder: null, logger: quiet, config: SECRET });
    app.use(db.extension({ requestTransaction: true }));
    app.errorHandler(500, () => ['the error handler answered', 500]);
    app.errorHandler(404, () => ['not here', 404]);
    app.post('/buy', async function buy(c) {
      c.session.set('cart', 'paid');
      await c.db.users.create({ username: 'buyer', password: 'x' });
      await sql`insert into item (code) values ('same'), ('same')`.execute(c.db.kysely);
      return ['order placed', 201];
    });
    app.post('/write-then-404', async function writeThen404(c) {
      await c.db.users.create({ username: 'gone', password: 'x' });
      abort(404);
    });
    app.post('/write-then-503', async function writeThen503(c) {
      await c.db.users.create({ username: 'unavailable', password: 'x' });
      return ['try later', 503];
    });
    app.post('/write', async function write(c) {
      c.session.set('wrote', true);
      return c.db.users.create({ username: 'kept', password: 'x' });
    });
    app.get('/plain', function plain(c) {
      void c.db; // reading c.db is not a query
      return 'no database here';
    });
    return { db, app };
  }

  test('PostgreSQL: a COMMIT refused by a deferred constraint is a 500 from the error handler, with no Set-Cookie and no row', async () => {
    const server = await freshPostgres();
    const { db, app } = await shop(server.url);
    try {
      await sql`create table item (code text, constraint item_code unique (code) deferrable initially deferred)`.execute(
        db.kysely,
      );
      const res = await app.request('/buy', { method: 'POST' });
      expect(res.status).toBe(500);
      expect(await res.text()).toBe('the error handler answered');
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await db.users.count()).toBe(0);
      expect((await sql`select * from item`.execute(db.kysely)).rows).toEqual([]);

      const ok = await app.request('/write', { method: 'POST' });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('set-cookie')).toContain('session=');
      expect((await db.users.all()).map((u) => u.username)).toEqual(['kept']);
    } finally {
      await db.close();
      await server.drop();
    }
  });

  test('PostgreSQL: a view that swallows a failed statement is a 500, since the database rolls back its COMMIT', async () => {
    const server = await freshPostgres();
    const { db, app } = await shop(server.url);
    app.post('/swallow', async function swallow(c) {
      await c.db.users.create({ username: 'first', password: 'x' });
      try {
        await c.db.users.create({ username: 'first', password: 'again' });
      } catch {
        // ignored: PostgreSQL has aborted the transaction all the same
      }
      return ['created', 201];
    });
    try {
      const res = await app.request('/swallow', { method: 'POST' });
      expect([res.status, await res.text()]).toEqual([500, 'the error handler answered']);
      expect(await db.users.count()).toBe(0);
    } finally {
      await db.close();
      await server.drop();
    }
  });

  test.each(['sqlite', 'postgres'])(
    'a handled abort(404) or a 5xx answer after a write rolls back (%s)',
    async (dialect) => {
      const server = dialect === 'postgres' ? await freshPostgres() : undefined;
      const { db, app } = await shop(server?.url ?? 'sqlite::memory:');
      try {
        const notFound = await app.request('/write-then-404', { method: 'POST' });
        expect([notFound.status, await notFound.text()]).toEqual([404, 'not here']);
        expect((await app.request('/write-then-503', { method: 'POST' })).status).toBe(503);
        expect(await db.users.count()).toBe(0);
        expect((await app.request('/write', { method: 'POST' })).status).toBe(200);
        expect((await db.users.all()).map((u) => u.username)).toEqual(['kept']);
      } finally {
        await db.close();
        await server?.drop();
      }
    },
  );

  test('a view that runs no query opens no transaction; one that does runs BEGIN … COMMIT', async () => {
    const { db, app } = await shop('sqlite::memory:');
    db.recordQueries(true);
    expect(await (await app.request('/plain')).text()).toBe('no database here');
    expect(db.queries).toEqual([]);
    await app.request('/write', { method: 'POST' });
    const statements = db.queries.map((q) => q.sql.split(' ')[0]?.toLowerCase());
    expect(statements[0]).toBe('begin');
    expect(statements.at(-1)).toBe('commit');
    await db.close();
  });

  test('SQLite: a request holding a transaction does not stop requests that use no database', async () => {
    const { db, app } = await shop('sqlite::memory:');
    let release = (): void => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    app.post('/slow', async function slow(c) {
      await c.db.users.create({ username: 'slow', password: 'x' });
      await gate;
      return 'done';
    });
    const slow = app.request('/slow', { method: 'POST' });
    await new Promise((r) => setTimeout(r, 20));
    // Before: every request began a transaction first, so this one waited for /slow's to end.
    expect(await (await app.request('/plain')).text()).toBe('no database here');
    release();
    expect((await slow).status).toBe(200);
    expect(await db.users.count()).toBe(1);
    await db.close();
  });
});
