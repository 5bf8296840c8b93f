// Kysely's query builder on its stock SqliteDialect (better-sqlite3), as its users write it.

import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { POSTS_PAGE } from '../fixtures.ts';
import type { PostWithAuthor, UserRow } from './raw-db.ts';

interface Schema {
  users: UserRow;
  posts: { id: number; author_id: number; title: string };
}

/** Opens the fixture through Kysely. */
export function openKyselyDb(path: string) {
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database }) });
  return {
    db,
    user(id: number): Promise<UserRow | undefined> {
      return db.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', id).executeTakeFirst();
    },
    /** The loop users write first: the posts, then each post's author (51 queries). */
    async postsLoop(): Promise<PostWithAuthor[]> {
      const posts = await db
        .selectFrom('posts')
        .select(['id', 'author_id', 'title'])
        .orderBy('id')
        .limit(POSTS_PAGE)
        .execute();
      const out: PostWithAuthor[] = [];
      for (const post of posts) {
        const author = await db
          .selectFrom('users')
          .select(['id', 'name', 'email'])
          .where('id', '=', post.author_id)
          .executeTakeFirstOrThrow();
        out.push({ ...post, author });
      }
      return out;
    },
    /** One JOIN, mapped by hand. */
    async postsJoin(): Promise<PostWithAuthor[]> {
      const rows = await db
        .selectFrom('posts')
        .innerJoin('users', 'users.id', 'posts.author_id')
        .select([
          'posts.id',
          'posts.author_id',
          'posts.title',
          'users.id as u_id',
          'users.name as u_name',
          'users.email as u_email',
        ])
        .orderBy('posts.id')
        .limit(POSTS_PAGE)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        author_id: r.author_id,
        title: r.title,
        author: { id: r.u_id, name: r.u_name, email: r.u_email },
      }));
    },
  };
}
