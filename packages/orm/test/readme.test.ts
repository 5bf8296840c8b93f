// The README's examples, run as written (SQLite in memory).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Flagon, HTTPError } from '@flagon/core';
import { expect, test } from 'vitest';
import {
  belongsTo,
  column as c,
  createDatabase,
  DatabaseError,
  hasMany,
  type InsertOf,
  makeMigration,
  manyToMany,
  migrate,
  migrationStatus,
  type PrimaryKeyOf,
  type RowOf,
  rollback,
  table,
  type UpdateOf,
} from '../src/index.ts';

const users = table('user', {
  id: c.integer().primaryKey().autoIncrement(),
  username: c.text().unique(),
  password: c.text(),
  active: c.boolean().default(true),
});

const posts = table('post', {
  id: c.integer().primaryKey().autoIncrement(),
  authorId: c.integer().references(() => users.columns.id, { onDelete: 'cascade' }),
  created: c.timestamp().defaultNow(),
  title: c.string(100).index(),
  body: c.text(),
  meta: c.json<{ views: number }>().nullable(),
});

const tags = table('tag', { id: c.integer().primaryKey().autoIncrement(), name: c.string(50).unique() });

const postTags = table(
  'post_tag',
  {
    postId: c.integer().references(() => posts.columns.id, { onDelete: 'cascade' }),
    tagId: c.integer().references(() => tags.columns.id, { onDelete: 'cascade' }),
  },
  { primaryKey: ['postId', 'tagId'] },
);

const tables = { users, posts, tags, postTags };
const relations = {
  users: { posts: hasMany(posts, 'authorId') },
  posts: {
    author: belongsTo(users, 'authorId'),
    tags: manyToMany(tags, postTags, { sourceKey: 'postId', targetKey: 'tagId' }),
  },
};

test('the README, from defining tables to migrations', async () => {
  const user: RowOf<typeof users> = { id: 1, username: 'a', password: 'b', active: true };
  const newUser: InsertOf<typeof users> = { username: 'a', password: 'b' };
  const patch: UpdateOf<typeof users> = {};
  const id: PrimaryKeyOf<typeof users> = 1;
  expect([user.id, newUser.username, patch, id]).toEqual([1, 'a', {}, 1]);

  const db = await createDatabase('sqlite::memory:', { tables, relations });
  await db.createAll();

  const ada = await db.users.create({ username: 'ada', password: 'hash' });
  const [a, b] = await db.users.createMany([
    { username: 'a', password: 'x' },
    { username: 'b', password: 'y' },
  ]);
  expect([ada.active, a?.username, b?.username]).toEqual([true, 'a', 'b']);
  const post = await db.posts.create({ authorId: ada.id, title: 'Flask for TypeScript', body: '…' });
  const tag = await db.tags.create({ name: 'news' });
  await db.postTags.create({ postId: post.id, tagId: tag.id });

  expect(await db.posts.find(post.id)).toEqual(post);
  await expect(db.posts.findOrFail(999)).rejects.toBeInstanceOf(DatabaseError);
  await expect(db.posts.getOr404(999)).rejects.toBeInstanceOf(HTTPError);
  const since = new Date(Date.now() - 60_000);
  expect(await db.posts.where({ authorId: ada.id }).orderBy('created', 'desc').limit(10).all()).toHaveLength(
    1,
  );
  expect(await db.posts.where('created', '>', since).where({ meta: null }).count()).toBe(1);
  expect(await db.posts.where({ id: [1, 2, 3] }).exists()).toBe(true);
  expect((await db.posts.where('title', 'like', 'Flask%').first())?.id).toBe(post.id);

  const loaded = await db.posts.with('author', 'tags').orderBy('created', 'desc').all();
  expect(loaded[0]?.author.username).toBe('ada');
  expect(loaded[0]?.tags.map((t) => t.name)).toEqual(['news']);
  const withPosts = await db.users.with('posts.tags').where({ id: ada.id }).first();
  expect(withPosts?.posts[0]?.tags[0]?.name).toBe('news');

  const page = await db.posts.orderBy('created', 'desc').paginate({ page: 1, perPage: 20, maxPerPage: 100 });
  expect([page.total, page.pages, page.hasNext, [...page.iterPages()]]).toEqual([1, 1, false, [1]]);
  const first = await db.posts.keyset({ limit: 20, orderBy: 'created', direction: 'desc' });
  expect(first.nextCursor).toBeNull();

  try {
    await db.users.create({ username: 'ada', password: 'x' });
  } catch (e) {
    expect(e instanceof DatabaseError && e.code === 'unique_violation' && e.column).toBe('username');
  }

  await db.transaction(async (tx) => {
    const user = await tx.users.create({ username: 'cy', password: 'x' });
    await tx.posts.create({ authorId: user.id, title: 'Hello', body: '' });
    await tx.transaction(async () => {});
  });
  const { db: tx, commit } = await db.begin();
  await tx.users.update(ada.id, { active: false });
  await commit();
  expect((await db.users.findOrFail(ada.id)).active).toBe(false);

  const rows = await db.kysely
    .selectFrom('post')
    .innerJoin('user', 'user.id', 'post.authorId')
    .select(['post.title', 'user.username'])
    .where('user.active', '=', false)
    .execute();
  expect(rows).toEqual([{ title: 'Flask for TypeScript', username: 'ada' }]);
  const { queries } = await db.captureQueries(() => db.posts.with('author').all());
  expect(queries).toHaveLength(2);

  const folder = await mkdtemp(join(tmpdir(), 'flagon-readme-'));
  try {
    await makeMigration(folder, 'create posts');
    await migrate(db, { folder });
    expect((await migrationStatus(db, { folder }))[0]?.executedAt).toBeInstanceOf(Date);
    await rollback(db, { folder });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  await db.close();
});

test("the README's Page table: page 2 of 45 items, 20 per page", async () => {
  const db = await createDatabase('sqlite::memory:', { tables, relations });
  await db.createAll();
  const ada = await db.users.create({ username: 'ada', password: 'x' });
  await db.posts.createMany(
    Array.from({ length: 45 }, (_, i) => ({ authorId: ada.id, title: `p${i + 1}`, body: '' })),
  );
  const page = await db.posts.orderBy('id').paginate({ page: 2, perPage: 20 });
  expect(page.items.map((p) => p.title)).toEqual(Array.from({ length: 20 }, (_, i) => `p${i + 21}`));
  expect({ page: page.page, perPage: page.perPage, total: page.total, pages: page.pages }).toEqual({
    page: 2,
    perPage: 20,
    total: 45,
    pages: 3,
  });
  expect([page.hasPrev, page.hasNext, page.prevNum, page.nextNum, page.first, page.last]).toEqual([
    true,
    true,
    1,
    3,
    21,
    40,
  ]);
  expect([...page.iterPages()]).toEqual([1, 2, 3]);
  await db.close();
});

type Db = Awaited<ReturnType<typeof createDatabase<typeof tables, typeof relations>>>;

test("the README's testing example: the test's rows are the rows the views see", async () => {
  async function createApp(overrides: { TESTING: boolean; DATABASE_URL: string }) {
    const app = new Flagon<{ Services: { db: Db } }>({ staticFolder: null, config: overrides });
    const database = await createDatabase(overrides.DATABASE_URL, { tables, relations });
    app.use(database.extension({ requestTransaction: true }));
    app.get('/', async function index(c) {
      return (await c.db.posts.all()).map((p) => p.title).join(', ');
    });
    app.post('/posts', async function create(c) {
      const ada = await c.db.users.findOrFail(1);
      return c.db.posts.create({ authorId: ada.id, title: 'From a view', body: '' });
    });
    return app;
  }
  const app = await createApp({ TESTING: true, DATABASE_URL: 'sqlite::memory:' });
  const { db } = app.extensions.get('orm') as unknown as { db: Db };
  await db.createAll();
  const ada = await db.users.create({ username: 'ada', password: 'x' });
  await db.posts.create({ authorId: ada.id, title: 'Hello', body: '' });
  expect(await (await app.request('/')).text()).toContain('Hello');
  expect((await app.request('/posts', { method: 'POST' })).status).toBe(200);
  expect(await db.posts.where({ title: 'From a view' }).count()).toBe(1);
  await app.shutdown();
  await expect(db.users.count()).rejects.toThrow();
});
