import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { LruCache } from '../src/dialects/statement-cache.ts';
import { createDatabase, FlagonSqliteDialect, migrate, rollback } from '../src/index.ts';
import { relations, tables } from './fixtures/models.ts';

const MIGRATIONS = join(import.meta.dirname, 'fixtures', 'migrations');

afterEach(() => {
  vi.restoreAllMocks();
});

/** Observes the real better-sqlite3 `prepare` (no behaviour changed) and counts calls per SQL text. */
function countPrepares(): Map<string, number> {
  const counts = new Map<string, number>();
  const original = Sqlite.prototype.prepare;
  vi.spyOn(Sqlite.prototype, 'prepare').mockImplementation(function (this: Sqlite.Database, source: string) {
    counts.set(source, (counts.get(source) ?? 0) + 1);
    return original.call(this, source);
  });
  return counts;
}

describe('the SQLite driver prepares each SQL text once', () => {
  test('helpers, eager loading, the Kysely builder, raw sql, transactions and migrations', async () => {
    const counts = countPrepares();
    const db = await createDatabase('sqlite::memory:', { tables, relations });
    await db.createAll();
    const user = await db.users.create({ username: 'ada', password: 'x' });
    for (let i = 0; i < 20; i++) {
      await db.posts.create({ authorId: user.id, title: `t${i}`, body: '' });
      await db.users.find(user.id);
      await db.posts.where({ authorId: user.id }).orderBy('id').limit(5).all();
      await db.posts.with('author', 'comments').limit(3).all();
      await db.posts.where('title', '=', `t${i}`).count();
      await db.users.query().selectAll().where('id', '=', user.id).execute();
      await sql`select ${i} as n`.execute(db.kysely);
      await db.transaction(async (tx) => {
        await tx.users.update(user.id, { password: `p${i}` });
        await tx.transaction(async (inner) => inner.users.find(user.id));
      });
    }
    await migrate(db, { folder: MIGRATIONS });
    await rollback(db, { folder: MIGRATIONS, steps: 'all' });
    await migrate(db, { folder: MIGRATIONS });
    const repeated = [...counts].filter(([, n]) => n > 1);
    expect(repeated).toEqual([]);
    expect(counts.size).toBeGreaterThan(10);
    await db.close();
  });

  test('the cache is a bounded LRU: with room for 2 statements, cycling 3 re-prepares', async () => {
    const counts = countPrepares();
    const db = await createDatabase('sqlite::memory:', { tables: {}, statementCacheSize: 2 });
    for (let i = 0; i < 3; i++) {
      await sql`select 1 as a`.execute(db.kysely);
      await sql`select 2 as b`.execute(db.kysely);
      await sql`select 3 as c`.execute(db.kysely);
    }
    expect(counts.get('select 1 as a')).toBe(3);
    await db.close();
  });

  test('LruCache evicts the least recently used entry', () => {
    const evicted: string[] = [];
    const cache = new LruCache<string, string>(2, (v) => evicted.push(v));
    cache.set('a', 'A');
    cache.set('b', 'B');
    cache.get('a');
    cache.set('c', 'C');
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual(['A', undefined, 'C', 2]);
    expect(evicted).toEqual(['B']);
    expect(() => new LruCache(0)).toThrow(RangeError);
  });

  test('FlagonSqliteDialect works with plain Kysely, booleans and Dates bound as 1/0 and ISO text', async () => {
    const database = new Sqlite(':memory:');
    const kysely = new Kysely<{ t: { b: number; d: string } }>({
      dialect: new FlagonSqliteDialect({ database }),
    });
    await sql`create table t (b integer, d text)`.execute(kysely);
    await sql`insert into t values (${true}, ${new Date('2024-01-01T00:00:00.000Z')})`.execute(kysely);
    expect(await kysely.selectFrom('t').selectAll().execute()).toEqual([
      { b: 1, d: '2024-01-01T00:00:00.000Z' },
    ]);
    const streamed = [];
    for await (const row of kysely.selectFrom('t').selectAll().stream()) streamed.push(row);
    expect(streamed).toHaveLength(1);
    await kysely.destroy();
    expect(database.open).toBe(false);
  });
});

describe('SQLite files', () => {
  test('relative paths resolve against baseDir; WAL and foreign keys are on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flagon-orm-'));
    try {
      const db = await createDatabase('sqlite:app.db', { tables, baseDir: dir });
      expect((await stat(join(dir, 'app.db'))).isFile()).toBe(true);
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db.kysely);
      expect(mode.rows[0]?.journal_mode).toBe('wal');
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db.kysely);
      expect(fk.rows[0]?.foreign_keys).toBe(1);
      await db.createAll();
      await db.users.create({ username: 'ada', password: 'x' });
      await db.close();
      const again = await createDatabase(`sqlite:${join(dir, 'app.db')}`, { tables });
      expect(await again.users.count()).toBe(1);
      await again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a file in a missing folder is a connection_failed error naming the URL', async () => {
    await expect(createDatabase('sqlite:/nonexistent-dir-xyz/app.db', { tables })).rejects.toMatchObject({
      code: 'connection_failed',
      url: 'sqlite:/nonexistent-dir-xyz/app.db',
    });
  });

  test('concurrent helpers on one connection never interleave with a transaction', async () => {
    const db = await createDatabase('sqlite::memory:', { tables });
    await db.createAll();
    const work = Array.from({ length: 20 }, (_, i) =>
      i % 2
        ? db
            .transaction(async (tx) => {
              await tx.users.create({ username: `tx${i}`, password: 'x' });
              await new Promise((r) => setTimeout(r, 1));
              if (i % 4 === 1) throw new Error('undo');
            })
            .catch(() => {})
        : db.users.create({ username: `plain${i}`, password: 'x' }),
    );
    await Promise.all(work);
    const names = (await db.users.all()).map((u) => u.username);
    expect(names.filter((n) => n.startsWith('plain'))).toHaveLength(10);
    expect(names.filter((n) => n.startsWith('tx'))).toHaveLength(5);
    await db.close();
  });
});

describe('eager loading at scale', () => {
  test('more parents than one IN-list holds are loaded in chunks, each row getting its relation', async () => {
    const db = await createDatabase('sqlite::memory:', { tables, relations });
    await db.createAll();
    const authors = await db.users.createMany(
      Array.from({ length: 16_000 }, (_, i) => ({ username: `u${i}`, password: 'x' })),
    );
    expect(authors.map((a) => a.username).slice(-2)).toEqual(['u15998', 'u15999']);
    await db.posts.createMany(authors.map((a) => ({ authorId: a.id, title: a.username, body: '' })));
    const { result, queries } = await db.captureQueries(() => db.posts.with('author').all());
    expect(queries).toHaveLength(5);
    expect(result.every((p) => p.author.username === p.title)).toBe(true);
    await db.close();
  });
});
