// The SQLite database every stack reads: 10,000 users and 1,000 posts, created in a temp folder.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export const USER_COUNT = 10_000;
export const POST_COUNT = 1_000;
/** How many posts `/posts` lists (the first by id), each with its author. */
export const POSTS_PAGE = 50;

/** The author of post `i` (1-based): spread over the users table. */
export function authorOf(postId: number): number {
  return ((postId * 7919) % USER_COUNT) + 1;
}

/** Creates the database; returns its path and a function that removes it. */
export function createFixtures(): { path: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'flagon-bench-'));
  const path = join(dir, 'bench.sqlite');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      email TEXT NOT NULL
    );
    CREATE TABLE posts (
      id INTEGER PRIMARY KEY,
      author_id INTEGER NOT NULL REFERENCES users(id),
      title TEXT NOT NULL
    );
    CREATE INDEX posts_author_id ON posts(author_id);
  `);
  const insertUser = db.prepare('INSERT INTO users (id, name, email) VALUES (?, ?, ?)');
  const insertPost = db.prepare('INSERT INTO posts (id, author_id, title) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let id = 1; id <= USER_COUNT; id++) insertUser.run(id, `User ${id}`, `user${id}@example.com`);
    for (let id = 1; id <= POST_COUNT; id++)
      insertPost.run(id, authorOf(id), `Post ${id}: "quotes" & <tags>`);
  })();
  db.close();
  return { path, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
