import type { Kysely } from 'kysely';
import { describe, expectTypeOf, test } from 'vitest';
import {
  column as c,
  createDatabase,
  type InsertOf,
  type LoadedRow,
  type Page,
  type RowOf,
  type SchemaOf,
  table,
  type UpdateOf,
} from '../src/index.ts';
import { type posts, relations, tables, type users } from './fixtures/models.ts';

type Tables = typeof tables;
type Rels = typeof relations;

describe('types inferred from the schema', () => {
  test('row types', () => {
    expectTypeOf<RowOf<typeof users>>().toEqualTypeOf<{
      id: number;
      username: string;
      password: string;
      active: boolean;
    }>();
    expectTypeOf<RowOf<typeof posts>>().toEqualTypeOf<{
      id: number;
      authorId: number;
      editorId: number | null;
      created: Date;
      title: string;
      body: string;
      published: boolean;
      score: number;
    }>();
  });

  test('insert types require columns without default that are not nullable', () => {
    expectTypeOf<InsertOf<typeof posts>>().toEqualTypeOf<{
      authorId: number;
      title: string;
      body: string;
      id?: number;
      editorId?: number | null;
      created?: Date;
      published?: boolean;
      score?: number;
    }>();
    expectTypeOf<UpdateOf<typeof users>>().toEqualTypeOf<{
      id?: number;
      username?: string;
      password?: string;
      active?: boolean;
    }>();
    const json = table('j', { data: c.json<{ a: number[] }>(), n: c.json().nullable() });
    expectTypeOf<RowOf<typeof json>['data']>().toEqualTypeOf<{ a: number[] }>();
  });

  test('helpers, .with() and Kysely are typed', async () => {
    const db = await createDatabase('sqlite::memory:', { tables, relations });
    await db.createAll();
    expectTypeOf(db.users.create).parameter(0).toEqualTypeOf<InsertOf<typeof users>>();
    expectTypeOf(db.users.find).parameter(0).toEqualTypeOf<number>();
    expectTypeOf(db.users.find).returns.resolves.toEqualTypeOf<RowOf<typeof users> | null>();
    // Never called: these lines only have to fail to compile.
    const invalid = () => {
      // @ts-expect-error — password is required
      void db.users.create({ username: 'a' });
      // @ts-expect-error — no such column
      void db.users.where({ nope: 1 });
      // @ts-expect-error — wrong value type for the column
      void db.users.where('id', '=', 'one');
      // @ts-expect-error — 'in' takes an array
      void db.users.where('id', 'in', 1);
      // @ts-expect-error — unknown relation
      void db.posts.with('nope');
      // @ts-expect-error — the primary key is a number
      void db.users.find('1');
      // @ts-expect-error — a composite key cannot be found by one value
      void db.postTags.find(1);
    };
    expectTypeOf(invalid).toBeFunction();

    const loaded = await db.posts.with('author', 'editor', 'tags', 'comments.author').all();
    type Post = (typeof loaded)[number];
    expectTypeOf<Post['author']>().toEqualTypeOf<RowOf<typeof users>>();
    expectTypeOf<Post['editor']>().toEqualTypeOf<RowOf<typeof users> | null>();
    expectTypeOf<Post['tags'][number]['name']>().toEqualTypeOf<string>();
    expectTypeOf<Post['comments'][number]['author']['username']>().toEqualTypeOf<string>();
    expectTypeOf<LoadedRow<Tables, Rels, 'users', 'profile'>['profile']>().toEqualTypeOf<{
      id: number;
      userId: number;
      bio: string | null;
      settings: { theme: string; tags?: string[] };
    } | null>();

    const plain = await db.posts.first();
    // @ts-expect-error — relations that were not loaded are not on the type
    expectTypeOf(plain?.author).toBeUndefined();

    expectTypeOf(await db.posts.paginate()).toEqualTypeOf<Page<RowOf<typeof posts>>>();
    expectTypeOf(db.kysely).toEqualTypeOf<Kysely<SchemaOf<Tables>>>();
    const titles = await db.posts.query().select(['title', 'created']).execute();
    expectTypeOf(titles).toEqualTypeOf<{ title: string; created: Date }[]>();
    await db.close();
  });
});
