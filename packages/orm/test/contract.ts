import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HTTPError } from '@flagon/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  type Database,
  DatabaseError,
  type DatabaseOptions,
  makeMigration,
  migrate,
  migrateDown,
  migrateUp,
  migrationStatus,
  type NPlusOneWarning,
  rollback,
} from '../src/index.ts';
import { relations, tables } from './fixtures/models.ts';

type Tables = typeof tables;
type Rels = typeof relations;
export type TestDb = Database<Tables, Rels>;
export type MakeDb = (
  options: Omit<DatabaseOptions<Tables, Rels>, 'url'>,
) => Promise<{ db: TestDb; cleanup: () => Promise<void> }>;

const MIGRATIONS = join(import.meta.dirname, 'fixtures', 'migrations');

/** A pattern for SQL written with `"` quotes and `?` placeholders that matches every dialect. */
function sqlPattern(text: string): RegExp {
  const escaped = text.replace(/[.*+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/"/g, '[`"]').replace(/\?/g, '(?:\\?|\\$\\d+)')}$`);
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** The behaviour every dialect must have, run against a real database. */
export function runDialectContract(name: string, makeDb: MakeDb): void {
  describe(`${name} contract`, () => {
    let db: TestDb;
    let cleanup: () => Promise<void>;
    const warnings: NPlusOneWarning[] = [];

    beforeAll(async () => {
      ({ db, cleanup } = await makeDb({
        tables,
        relations,
        nPlusOne: { threshold: 5, onWarning: (w) => warnings.push(w) },
      }));
      await db.dropAll();
      await db.createAll();
    });

    afterAll(async () => {
      await db?.dropAll();
      await db?.close();
      await cleanup?.();
    });

    beforeEach(async () => {
      warnings.length = 0;
      for (const t of ['postTags', 'comments', 'profiles', 'posts', 'tags', 'users'] as const) {
        await sql`delete from ${sql.table(db.tables[t].name)}`.execute(db.kysely);
      }
    });

    async function seed() {
      const [ada, bob] = await db.users.createMany([
        { username: 'ada', password: 'x' },
        { username: 'bob', password: 'y', active: false },
      ]);
      if (!ada || !bob) throw new Error('seed failed');
      const [p1, p2, p3] = await db.posts.createMany([
        { authorId: ada.id, title: 'First', body: 'one', published: true },
        { authorId: ada.id, title: 'Second', body: 'two', editorId: bob.id },
        { authorId: bob.id, title: 'Third', body: 'three', score: 2.5 },
      ]);
      if (!p1 || !p2 || !p3) throw new Error('seed failed');
      const [t1, t2] = await db.tags.createMany([{ name: 'news' }, { name: 'tech' }]);
      if (!t1 || !t2) throw new Error('seed failed');
      await db.postTags.createMany([
        { postId: p1.id, tagId: t1.id },
        { postId: p1.id, tagId: t2.id },
        { postId: p2.id, tagId: t2.id },
      ]);
      await db.comments.createMany([
        { postId: p1.id, authorId: bob.id, body: 'nice' },
        { postId: p1.id, authorId: ada.id, body: 'thanks' },
        { postId: p3.id, authorId: ada.id, body: 'hm' },
      ]);
      await db.profiles.create({ userId: ada.id, bio: 'math', settings: { theme: 'dark', tags: ['a'] } });
      return { ada, bob, p1, p2, p3, t1, t2 };
    }

    describe('helpers', () => {
      test('create returns the stored row with defaults, booleans, timestamps and JSON decoded', async () => {
        const before = Date.now() - 2000;
        const user = await db.users.create({ username: 'ada', password: 'x' });
        expect(user).toEqual({ id: expect.any(Number), username: 'ada', password: 'x', active: true });
        const post = await db.posts.create({ authorId: user.id, title: 'Hello', body: 'World' });
        expect(post.created).toBeInstanceOf(Date);
        expect(post.created.getTime()).toBeGreaterThan(before);
        expect(post.created.getTime()).toBeLessThan(Date.now() + 2000);
        expect(post.published).toBe(false);
        expect(post.score).toBe(0);
        expect(post.editorId).toBeNull();
        const profile = await db.profiles.create({ userId: user.id });
        expect(profile.settings).toEqual({ theme: 'light' });
        expect(profile.bio).toBeNull();
      });

      test('values round-trip exactly: Date with milliseconds, nested JSON, booleans, reals', async () => {
        const user = await db.users.create({ username: 'ada', password: 'x', active: false });
        const when = new Date('2024-02-29T13:14:15.678Z');
        const post = await db.posts.create({
          authorId: user.id,
          title: 't',
          body: 'b',
          created: when,
          score: 1.25,
        });
        expect(post.created.toISOString()).toBe(when.toISOString());
        const again = await db.posts.findOrFail(post.id);
        expect(again.created.toISOString()).toBe(when.toISOString());
        expect(again.score).toBe(1.25);
        expect((await db.users.findOrFail(user.id)).active).toBe(false);
        const profile = await db.profiles.create({
          userId: user.id,
          settings: { theme: 'x', tags: ['a', 'b"c'] },
        });
        expect((await db.profiles.findOrFail(profile.id)).settings).toEqual({
          theme: 'x',
          tags: ['a', 'b"c'],
        });
      });

      test('createMany returns rows in input order, also with differing columns', async () => {
        const rows = await db.users.createMany([
          { username: 'a', password: '1' },
          { username: 'b', password: '2', active: false },
          { username: 'c', password: '3' },
        ]);
        expect(rows.map((r) => [r.username, r.active])).toEqual([
          ['a', true],
          ['b', false],
          ['c', true],
        ]);
        expect(new Set(rows.map((r) => r.id)).size).toBe(3);
        expect(await db.users.createMany([])).toEqual([]);
      });

      test('find, findOrFail and getOr404', async () => {
        const { ada } = await seed();
        expect(await db.users.find(ada.id)).toEqual(ada);
        expect(await db.users.find(999_999)).toBeNull();
        const notFound = await caught(db.users.findOrFail(999_999));
        expect(notFound).toBeInstanceOf(DatabaseError);
        expect(notFound).toMatchObject({ code: 'not_found', table: 'user' });
        const http = await caught(db.users.getOr404(999_999));
        expect(http).toBeInstanceOf(HTTPError);
        expect((http as HTTPError).status).toBe(404);
        expect(await db.users.findOrFail(ada.id)).toEqual(ada);
        expect(await db.users.getOr404(ada.id)).toEqual(ada);
        expect(await caught(db.users.getOr404(999_999, 'No such user.'))).toMatchObject({
          status: 404,
          message: 'No such user.',
        });
      });

      test('where (object, operator, IN, NULL, LIKE), orderBy, limit, offset, first, count, exists', async () => {
        const { ada, bob } = await seed();
        expect((await db.posts.where({ authorId: ada.id }).orderBy('id').all()).map((p) => p.title)).toEqual([
          'First',
          'Second',
        ]);
        expect(await db.posts.where('score', '>', 1).count()).toBe(1);
        expect(await db.posts.where({ editorId: null }).count()).toBe(2);
        expect(await db.posts.where('editorId', 'is not', null).count()).toBe(1);
        expect(await db.posts.where({ authorId: [ada.id, bob.id] }).count()).toBe(3);
        expect(await db.posts.where('authorId', 'in', []).all()).toEqual([]);
        expect(await db.posts.where('authorId', 'not in', [bob.id]).count()).toBe(2);
        expect(await db.posts.where('title', 'like', 'S%').count()).toBe(1);
        expect(await db.posts.where({ published: true }).count()).toBe(1);
        const page = await db.posts.orderBy('title', 'desc').limit(2).offset(1).all();
        expect(page.map((p) => p.title)).toEqual(['Second', 'First']);
        expect(await db.posts.orderBy('id').offset(2).count()).toBe(3);
        expect((await db.posts.orderBy('id').offset(2).all()).map((p) => p.title)).toEqual(['Third']);
        expect((await db.posts.where({ title: 'Third' }).first())?.authorId).toBe(bob.id);
        expect(await db.posts.where({ title: 'Nope' }).first()).toBeNull();
        await expect(db.posts.where({ title: 'Nope' }).firstOr404()).rejects.toBeInstanceOf(HTTPError);
        expect(await db.posts.where({ title: 'First' }).exists()).toBe(true);
        expect(await db.posts.where({ title: 'Nope' }).exists()).toBe(false);
        expect(await db.posts.count()).toBe(3);
        expect(await db.users.exists()).toBe(true);
        expect((await db.users.first())?.username).toMatch(/ada|bob/);
        await expect(db.users.firstOr404()).resolves.toBeTruthy();
      });

      test('update, delete and upsert', async () => {
        const { ada, p1, p2 } = await seed();
        const updated = await db.posts.update(p1.id, { title: 'Changed', published: false });
        expect(updated).toMatchObject({ id: p1.id, title: 'Changed', published: false });
        expect(updated?.created).toBeInstanceOf(Date);
        expect(await db.posts.update(999_999, { title: 'x' })).toBeNull();
        expect(await db.posts.where({ authorId: ada.id }).update({ score: 9 })).toBe(2);
        expect((await db.posts.findOrFail(p2.id)).score).toBe(9);
        expect(await db.posts.delete(p2.id)).toBe(true);
        expect(await db.posts.delete(p2.id)).toBe(false);
        expect(await db.comments.where({ postId: p1.id }).delete()).toBe(2);

        const inserted = await db.users.upsert({ username: 'cy', password: 'a' }, { conflict: ['username'] });
        expect(inserted).toMatchObject({ username: 'cy', password: 'a', active: true });
        const replaced = await db.users.upsert(
          { username: 'cy', password: 'b', active: false },
          { conflict: ['username'] },
        );
        expect(replaced).toMatchObject({ id: inserted.id, username: 'cy', password: 'b', active: false });
        expect(await db.users.where({ username: 'cy' }).count()).toBe(1);
      });

      test('.query() and db.kysely drop to Kysely with the schema types', async () => {
        const { ada } = await seed();
        const rows = await db.posts
          .query()
          .select(['title', 'authorId'])
          .where('authorId', '=', ada.id)
          .orderBy('title')
          .execute();
        expect(rows).toEqual([
          { title: 'First', authorId: ada.id },
          { title: 'Second', authorId: ada.id },
        ]);
        const joined = await db.kysely
          .selectFrom('post')
          .innerJoin('user', 'user.id', 'post.authorId')
          .select(['post.title', 'user.username'])
          .where('user.username', '=', 'bob')
          .execute();
        expect(joined).toEqual([{ title: 'Third', username: 'bob' }]);
        const { rows: raw } = await sql<{ n: number }>`select count(*) as n from ${sql.table('tag')}`.execute(
          db.kysely,
        );
        expect(Number(raw[0]?.n)).toBe(2);
      });
    });

    test('rows from .query() and db.kysely are decoded for selected columns of known tables', async () => {
      const { ada, p1 } = await seed();
      const users = await db.users.query().selectAll().where('id', '=', ada.id).execute();
      expect(users).toEqual([{ id: ada.id, username: 'ada', password: 'x', active: true }]);
      const [post] = await db.kysely
        .selectFrom('post as p')
        .innerJoin('user as u', 'u.id', 'p.authorId')
        .innerJoin('profile', 'profile.userId', 'u.id')
        .select(['p.created', 'p.published as isPublished', 'u.active', 'profile.settings'])
        .where('p.id', '=', p1.id)
        .execute();
      expect(post?.created).toBeInstanceOf(Date);
      expect(post?.created.getTime()).toBe(p1.created.getTime());
      expect(post?.isPublished).toBe(true);
      expect(post?.active).toBe(true);
      expect(post?.settings).toEqual({ theme: 'dark', tags: ['a'] });
      if (name !== 'mysql') {
        const returned = await db.kysely
          .updateTable('user')
          .set({ active: false })
          .where('id', '=', ada.id)
          .returning(['active'])
          .executeTakeFirstOrThrow();
        expect(returned.active).toBe(false);
      }
      await db.transaction(async (tx) => {
        const inside = await tx.kysely.selectFrom('user').select('active').where('id', '=', ada.id).execute();
        expect(typeof inside[0]?.active).toBe('boolean');
      });
    });

    describe('bad input gives clear errors', () => {
      test('UNIQUE violation names table and column', async () => {
        await db.users.create({ username: 'ada', password: 'x' });
        const error = await caught(db.users.create({ username: 'ada', password: 'y' }));
        expect(error).toBeInstanceOf(DatabaseError);
        expect(error).toMatchObject({ code: 'unique_violation', table: 'user', column: 'username' });
        expect((error as Error).message).toContain('user.username');
      });

      test('NOT NULL violation from the database names table and column', async () => {
        const user = await db.users.create({ username: 'ada', password: 'x' });
        const error = await caught(db.posts.create({ authorId: user.id, body: 'no title' } as never));
        expect(error).toMatchObject({ code: 'not_null_violation', table: 'post', column: 'title' });
        const explicit = await caught(db.posts.update(1, { title: null as unknown as string }));
        expect(explicit).toMatchObject({ code: 'not_null_violation', table: 'post', column: 'title' });
      });

      test('FOREIGN KEY violation names the table', async () => {
        const error = await caught(db.posts.create({ authorId: 999_999, title: 't', body: 'b' }));
        expect(error).toBeInstanceOf(DatabaseError);
        expect(error).toMatchObject({ code: 'foreign_key_violation', table: 'post' });
        if (name !== 'sqlite') expect(error).toMatchObject({ column: 'authorId' });
      });

      test('unknown columns and wrong value types are rejected before SQL runs', async () => {
        const unknown = await caught(db.users.create({ username: 'a', password: 'b', nope: 1 } as never));
        expect(unknown).toMatchObject({ code: 'unknown_column', table: 'user', column: 'nope' });
        const wrongType = await caught(db.users.create({ username: 5, password: 'b' } as never));
        expect(wrongType).toMatchObject({ code: 'invalid_value', table: 'user', column: 'username' });
        expect((wrongType as Error).message).toContain('expects a string');
        const whereCol = await caught(db.users.where({ nope: 1 } as never).all());
        expect(whereCol).toMatchObject({ code: 'unknown_column', column: 'nope' });
        const tooLong = await caught(db.tags.create({ name: 'x'.repeat(51) }));
        expect(tooLong).toMatchObject({ code: 'invalid_value', table: 'tag', column: 'name' });
      });

      test('where() takes only comparison operators: anything else is refused before any SQL runs', async () => {
        await db.users.createMany([
          { username: 'ada', password: 'x' },
          { username: 'bob', password: 'x' },
          { username: 'cy', password: 'x' },
        ]);
        const first = (await db.users.orderBy('id').first())?.id ?? 0;
        for (const op of ['|', '-', '+', '&', '<<', 'or', '; drop table user; --']) {
          const { queries } = await db.captureQueries(async () => {
            for (const run of [
              () => db.users.where('id', op as never, first as never).all(),
              () => db.users.where('id', op as never, first as never).count(),
              () => db.users.where('id', op as never, first as never).delete(),
              () => db.users.where('id', op as never, first as never).update({ active: false }),
            ]) {
              const error = await caught(run());
              expect(error).toBeInstanceOf(DatabaseError);
              expect(error).toMatchObject({ code: 'invalid_value', table: 'user', column: 'id' });
              expect((error as Error).message).toContain('unknown operator');
            }
          });
          expect(queries).toEqual([]);
        }
        const isValue = await caught(db.users.where('active', 'is', true as never).all());
        expect(isValue).toMatchObject({ code: 'invalid_value', column: 'active' });
        expect(await db.users.where({ active: true }).count()).toBe(3);
        expect(await db.users.where('id', '>', first).count()).toBe(2);
        expect(await db.users.where('username', 'not in', ['ada']).count()).toBe(2);
      });

      test('inherited names are unknown columns and relations, never a TypeError', async () => {
        const { queries } = await db.captureQueries(async () => {
          for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
            const byObject = await caught(db.users.where({ [name]: 1 } as never).all());
            expect(byObject).toMatchObject({ code: 'unknown_column', table: 'user', column: name });
            expect(await caught(db.users.where(name as never, '=', 1 as never).first())).toMatchObject({
              code: 'unknown_column',
              column: name,
            });
            expect(
              await caught(db.users.create({ username: 'a', password: 'b', [name]: 1 } as never)),
            ).toMatchObject({ code: 'unknown_column', column: name });
            expect(() => db.users.orderBy(name as never)).toThrow(DatabaseError);
            expect(() => db.posts.with(name as never)).toThrow(
              expect.objectContaining({ code: 'unknown_relation' }),
            );
          }
        });
        expect(queries).toEqual([]);
      });

      test('errors from raw Kysely queries are DatabaseErrors too', async () => {
        await db.users.create({ username: 'ada', password: 'x' });
        const error = await caught(
          db.kysely.insertInto('user').values({ username: 'ada', password: 'y', active: true }).execute(),
        );
        expect(error).toMatchObject({ code: 'unique_violation', table: 'user' });
      });
    });

    describe('relations and eager loading', () => {
      test("with('author') loads in one batched query: 2 queries in all", async () => {
        const { ada, bob } = await seed();
        const { result, queries } = await db.captureQueries(() =>
          db.posts.with('author').orderBy('id').all(),
        );
        expect(queries).toHaveLength(2);
        expect(queries[0]?.sql).toMatch(sqlPattern('select * from "post" order by "id" asc'));
        expect(queries[1]?.sql).toMatch(
          sqlPattern('select * from "user" where "id" in (?, ?) order by "id"'),
        );
        expect(queries[1]?.parameters).toEqual([ada.id, bob.id]);
        expect(result.map((p) => p.author.username)).toEqual(['ada', 'ada', 'bob']);
        expect(result[0]?.author).toEqual(ada);
        expect(result[2]?.author).toEqual(bob);
      });

      test("with('author', 'editor', 'tags', 'comments.author') is one query per relation and level", async () => {
        await seed();
        const { result, queries } = await db.captureQueries(() =>
          db.posts.with('author', 'editor', 'tags', 'comments.author').orderBy('id').all(),
        );
        expect(queries).toHaveLength(6);
        const [first, second, third] = result;
        expect(first?.tags.map((t) => t.name)).toEqual(['news', 'tech']);
        expect(second?.tags.map((t) => t.name)).toEqual(['tech']);
        expect(third?.tags).toEqual([]);
        expect(first?.editor).toBeNull();
        expect(second?.editor?.username).toBe('bob');
        expect(first?.comments.map((c) => [c.body, c.author.username])).toEqual([
          ['nice', 'bob'],
          ['thanks', 'ada'],
        ]);
        expect(second?.comments).toEqual([]);
      });

      test('hasMany, hasOne, belongsTo and manyToMany from the other side', async () => {
        await seed();
        const users = await db.users.with('posts', 'profile').orderBy('username').all();
        expect(users.map((u) => [u.username, u.posts.length, u.profile?.bio ?? null])).toEqual([
          ['ada', 2, 'math'],
          ['bob', 1, null],
        ]);
        expect(users[0]?.profile?.settings).toEqual({ theme: 'dark', tags: ['a'] });
        const tags = await db.tags.with('posts.author').orderBy('name').all();
        expect(tags.map((t) => t.posts.map((p) => `${p.title}/${p.author.username}`))).toEqual([
          ['First/ada'],
          ['First/ada', 'Second/ada'],
        ]);
        const profile = await db.profiles.with('user').firstOr404();
        expect(profile.user.username).toBe('ada');
      });

      test('relations that were not loaded are absent; unknown relations throw', async () => {
        await seed();
        const post = await db.posts.orderBy('id').first();
        expect(post).not.toBeNull();
        expect(post && 'author' in post).toBe(false);
        // @ts-expect-error — author was not loaded with .with('author')
        expect(post?.author).toBeUndefined();
        expect(() => db.posts.with('nope' as never)).toThrow(
          /no relation 'nope'.*declared: author, editor, comments, tags/,
        );
        const { queries } = await db.captureQueries(() =>
          db.posts.where({ title: 'none' }).with('author').all(),
        );
        expect(queries).toHaveLength(1);
      });
    });

    describe('pagination', () => {
      async function many(n: number) {
        const user = await db.users.create({ username: 'ada', password: 'x' });
        await db.posts.createMany(
          Array.from({ length: n }, (_, i) => ({
            authorId: user.id,
            title: `p${String(i + 1).padStart(2, '0')}`,
            body: '',
          })),
        );
      }

      test('paginate returns items, totals and navigation', async () => {
        await many(25);
        const first = await db.posts.orderBy('title').paginate({ page: 1, perPage: 10 });
        expect(first.items.map((p) => p.title)).toEqual(
          Array.from({ length: 10 }, (_, i) => `p${String(i + 1).padStart(2, '0')}`),
        );
        expect([
          first.total,
          first.pages,
          first.hasPrev,
          first.hasNext,
          first.prevNum,
          first.nextNum,
        ]).toEqual([25, 3, false, true, null, 2]);
        const last = await db.posts.orderBy('title').paginate({ page: 3, perPage: 10 });
        expect(last.items).toHaveLength(5);
        expect([last.hasNext, last.nextNum, last.prevNum, last.first, last.last]).toEqual([
          false,
          null,
          2,
          21,
          25,
        ]);
        expect([...last.iterPages()]).toEqual([1, 2, 3]);
        const capped = await db.posts.paginate({ perPage: 500, maxPerPage: 20 });
        expect(capped.perPage).toBe(20);
        expect(capped.items).toHaveLength(20);
      });

      test('out-of-range pages are 404 unless errorOut is false', async () => {
        await many(5);
        const past = await caught(db.posts.paginate({ page: 2, perPage: 5 }));
        expect(past).toBeInstanceOf(HTTPError);
        expect((past as HTTPError).status).toBe(404);
        await expect(db.posts.paginate({ page: 0 })).rejects.toBeInstanceOf(HTTPError);
        const lenient = await db.posts.paginate({ page: 2, perPage: 5, errorOut: false });
        expect(lenient.items).toEqual([]);
        expect(lenient.total).toBe(5);
        const empty = await db.comments.paginate();
        expect([empty.items.length, empty.total, empty.pages, [...empty.iterPages()]]).toEqual([0, 0, 0, []]);
      });

      test('keyset pagination walks every row once, by primary key or by another column', async () => {
        await many(7);
        const seen: string[] = [];
        let after: string | null = null;
        do {
          const page: Awaited<ReturnType<typeof db.posts.keyset>> = await db.posts.keyset({
            limit: 3,
            after,
          });
          seen.push(...page.items.map((p) => p.title));
          after = page.nextCursor;
        } while (after && seen.length < 20);
        expect(seen).toEqual(['p01', 'p02', 'p03', 'p04', 'p05', 'p06', 'p07']);
        const desc = await db.posts.keyset({ limit: 4, orderBy: 'title', direction: 'desc' });
        const rest = await db.posts.keyset({
          limit: 4,
          orderBy: 'title',
          direction: 'desc',
          after: desc.nextCursor,
        });
        expect([...desc.items, ...rest.items].map((p) => p.title)).toEqual([
          'p07',
          'p06',
          'p05',
          'p04',
          'p03',
          'p02',
          'p01',
        ]);
        expect(rest.nextCursor).toBeNull();
        await expect(db.posts.keyset({ after: 'garbage' })).rejects.toBeInstanceOf(HTTPError);
        const byCreated: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<typeof db.posts.keyset>> = await db.posts.keyset({
            limit: 2,
            orderBy: 'created',
            after: cursor,
          });
          byCreated.push(...page.items.map((p) => p.title));
          cursor = page.nextCursor;
        } while (cursor && byCreated.length < 20);
        expect(byCreated.sort()).toEqual(['p01', 'p02', 'p03', 'p04', 'p05', 'p06', 'p07']);
      });
    });

    describe('transactions', () => {
      test('commit keeps every write', async () => {
        const id = await db.transaction(async (tx) => {
          expect(tx.inTransaction).toBe(true);
          const user = await tx.users.create({ username: 'ada', password: 'x' });
          await tx.posts.create({ authorId: user.id, title: 't', body: 'b' });
          return user.id;
        });
        expect(await db.posts.where({ authorId: id }).count()).toBe(1);
      });

      test('a throw rolls back every write and rethrows', async () => {
        const error = await caught(
          db.transaction(async (tx) => {
            await tx.users.create({ username: 'ada', password: 'x' });
            await tx.users.create({ username: 'ada', password: 'duplicate' });
          }),
        );
        expect(error).toMatchObject({ code: 'unique_violation' });
        expect(await db.users.count()).toBe(0);
      });

      test('nested transactions use savepoints: an inner failure undoes only the inner part', async () => {
        await db.transaction(async (tx) => {
          await tx.users.create({ username: 'outer', password: 'x' });
          await expect(
            tx.transaction(async (inner) => {
              await inner.users.create({ username: 'inner', password: 'x' });
              throw new Error('inner fails');
            }),
          ).rejects.toThrow('inner fails');
          await tx.transaction(async (inner) => {
            await inner.users.create({ username: 'inner2', password: 'x' });
            await inner.transaction(async (deepest) => {
              await deepest.users.create({ username: 'deepest', password: 'x' });
            });
          });
        });
        expect((await db.users.orderBy('username').all()).map((u) => u.username)).toEqual([
          'deepest',
          'inner2',
          'outer',
        ]);
        await expect(
          db.transaction(async (tx) => {
            await tx.transaction(async (inner) => {
              await inner.users.create({ username: 'lost', password: 'x' });
            });
            throw new Error('outer fails');
          }),
        ).rejects.toThrow('outer fails');
        expect(await db.users.where({ username: 'lost' }).exists()).toBe(false);
      });

      // MySQL and MariaDB check every constraint at once, so only these dialects can refuse a COMMIT.
      if (name !== 'mysql') {
        test('a COMMIT the database refuses is rolled back and gives its connection back', async () => {
          const parent = sql.table('dfk_parent');
          const child = sql.table('dfk_child');
          await sql`drop table if exists ${child}`.execute(db.kysely);
          await sql`drop table if exists ${parent}`.execute(db.kysely);
          await sql`create table ${parent} (id integer primary key)`.execute(db.kysely);
          await sql`create table ${child} (id integer primary key, parent integer references ${parent} (id) deferrable initially deferred)`.execute(
            db.kysely,
          );
          try {
            // More failures than the pool (4) has connections: a leak would make the count below wait forever.
            for (let i = 1; i <= 5; i++) {
              const error = await caught(
                db.transaction(async (tx) => {
                  await sql`insert into ${child} (id, parent) values (${i}, 999)`.execute(tx.kysely);
                  await tx.users.create({ username: `lost${i}`, password: 'x' });
                }),
              );
              expect(error).toMatchObject({ code: 'foreign_key_violation' });
            }
            const { db: tx, commit, rollback } = await db.begin();
            await sql`insert into ${child} (id, parent) values (9, 999)`.execute(tx.kysely);
            await expect(commit()).rejects.toMatchObject({ code: 'foreign_key_violation' });
            await rollback();
            await expect(tx.users.count()).rejects.toThrow(/already been committed or rolled back/);
            expect(await db.users.count()).toBe(0);
            expect(
              await db.transaction(
                async (t) => (await t.users.create({ username: 'ok', password: 'x' })).username,
              ),
            ).toBe('ok');
            expect(await db.users.count()).toBe(1);
          } finally {
            await sql`drop table if exists ${child}`.execute(db.kysely);
            await sql`drop table if exists ${parent}`.execute(db.kysely);
          }
        });
      }

      test('a transaction no query used sends nothing; BEGIN comes with its first query', async () => {
        const { queries } = await db.captureQueries(async () => {
          await db.transaction(async () => {});
          const { commit } = await db.begin();
          await commit();
        });
        expect(queries).toEqual([]);
        const used = await db.captureQueries(() => db.transaction((tx) => tx.users.count()));
        expect(used.queries.map((q) => q.sql.split(' ')[0]?.toLowerCase())).toEqual([
          'begin',
          'select',
          'commit',
        ]);
      });

      test('queries outside a running transaction do not see or join it', async () => {
        let release = (): void => {};
        const gate = new Promise<void>((r) => {
          release = r;
        });
        const tx = db.transaction(async (t) => {
          await t.users.create({ username: 'pending', password: 'x' });
          await gate;
          throw new Error('rollback');
        });
        await new Promise((r) => setTimeout(r, 20));
        const outside = db.users.create({ username: 'outside', password: 'x' });
        release();
        await expect(tx).rejects.toThrow('rollback');
        await outside;
        expect((await db.users.all()).map((u) => u.username)).toEqual(['outside']);
      });
    });

    describe('observability', () => {
      test('recordQueries records SQL, parameters and duration', async () => {
        db.clearQueries();
        db.recordQueries(true);
        try {
          await db.users.create({ username: 'ada', password: 'x' });
          await db.users.where({ username: 'ada' }).first();
        } finally {
          db.recordQueries(false);
        }
        const last = db.queries.at(-1);
        expect(last?.sql.toLowerCase()).toContain('select');
        expect(last?.parameters).toContain('ada');
        expect(last?.durationMs).toBeGreaterThanOrEqual(0);
        expect(db.queries.length).toBeGreaterThanOrEqual(2);
        db.clearQueries();
        expect(db.queries).toHaveLength(0);
      });

      test('the N+1 detector warns once, naming the call site, when a shape repeats', async () => {
        const { p1, p2, p3 } = await seed();
        await db.track(async () => {
          for (const post of [p1, p2, p3, p1, p2, p3]) await db.users.find(post.authorId);
        });
        expect(warnings).toHaveLength(1);
        expect(warnings[0]?.count).toBe(5);
        expect(warnings[0]?.callSite).toContain('contract.ts');
        expect(warnings[0]?.message).toMatch(/N\+1/);
        warnings.length = 0;
        await db.track(async () => {
          await db.posts.with('author', 'comments').all();
        });
        expect(warnings).toHaveLength(0);
      });

      test("N+1 in mode 'error' throws", async () => {
        const { ada } = await seed();
        const error = await caught(
          db.track(
            async () => {
              for (let i = 0; i < 3; i++) await db.posts.where({ authorId: ada.id }).count();
            },
            { mode: 'error', threshold: 3 },
          ),
        );
        expect(error).toMatchObject({ code: 'n_plus_one' });
      });
    });

    describe('migrations', () => {
      test('migrate, status, rollback and makeMigration', async () => {
        const opts = { folder: MIGRATIONS, table: `mig_${name}` };
        await db.kysely.schema.dropTable('label').ifExists().execute();
        await db.kysely.schema.dropTable('note').ifExists().execute();
        expect((await migrationStatus(db, opts)).map((s) => [s.name, s.executedAt])).toEqual([
          ['001_create_note', null],
          ['002_note_body_and_tables', null],
        ]);
        const [a, b] = await Promise.all([migrate(db, opts), migrate(db, opts)]);
        expect([...(a ?? []), ...(b ?? [])].map((r) => `${r.name}:${r.status}`).sort()).toEqual([
          '001_create_note:Success',
          '002_note_body_and_tables:Success',
        ]);
        const status = await migrationStatus(db, opts);
        expect(status.every((s) => s.executedAt instanceof Date)).toBe(true);
        await sql`insert into note (id, title, body) values (1, 'n', 'b')`.execute(db.kysely);
        await sql`insert into label (name) values ('x')`.execute(db.kysely);

        await migrateDown(db, opts);
        await migrateUp(db, opts);
        const back = await rollback(db, opts);
        expect(back.map((r) => `${r.name}:${r.direction}`)).toEqual(['002_note_body_and_tables:Down']);
        expect((await migrationStatus(db, opts))[1]?.executedAt).toBeNull();
        await expect(sql`select * from label`.execute(db.kysely)).rejects.toMatchObject({
          code: 'unknown_table',
          table: 'label',
        });
        await rollback(db, { ...opts, steps: 'all' });
        await expect(sql`select * from note`.execute(db.kysely)).rejects.toBeInstanceOf(DatabaseError);

        const folder = await mkdtemp(join(tmpdir(), 'flagon-mig-'));
        try {
          const file = await makeMigration(folder, 'Add things!', new Date('2026-01-02T03:04:05Z'));
          expect(file).toBe(join(folder, '20260102030405_add_things.ts'));
          const applied = await migrate(db, { folder, table: `mig_tpl_${name}` });
          expect(applied.map((r) => r.status)).toEqual(['Success']);
          await rollback(db, { folder, table: `mig_tpl_${name}` });
        } finally {
          await rm(folder, { recursive: true, force: true });
          for (const t of [`mig_${name}`, `mig_${name}_lock`, `mig_tpl_${name}`, `mig_tpl_${name}_lock`]) {
            await db.kysely.schema.dropTable(t).ifExists().execute();
          }
        }
      });

      test('a failing migration is a migration_failed error naming it; transactional DDL leaves nothing behind', async () => {
        const folder = await mkdtemp(join(tmpdir(), 'flagon-mig-fail-'));
        const opts = { folder, table: `mig_fail_${name}` };
        try {
          await writeFile(
            join(folder, '001_broken.ts'),
            `export async function up(db) {
  await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
  throw new Error('boom in up');
}
export async function down() {}
`,
          );
          const error = await caught(migrate(db, opts));
          expect(error).toBeInstanceOf(DatabaseError);
          expect(error).toMatchObject({ code: 'migration_failed' });
          expect((error as Error).message).toMatch(/'001_broken' failed: boom in up/);
          expect((await migrationStatus(db, opts))[0]?.executedAt).toBeNull();
          const tables = (await db.kysely.introspection.getTables()).map((t) => t.name);
          if (name !== 'mysql') expect(tables).not.toContain('half_done');
        } finally {
          await rm(folder, { recursive: true, force: true });
          await db.kysely.schema.dropTable('half_done').ifExists().execute();
          for (const t of [opts.table, `${opts.table}_lock`])
            await db.kysely.schema.dropTable(t).ifExists().execute();
        }
      });
    });
  });
}
