// Hand-written better-sqlite3: prepared statements, one JOIN for posts with authors.

import Database from 'better-sqlite3';
import { POSTS_PAGE } from '../fixtures.ts';

export interface UserRow {
  id: number;
  name: string;
  email: string;
}
export interface PostWithAuthor {
  id: number;
  author_id: number;
  title: string;
  author: UserRow;
}

interface JoinedRow {
  id: number;
  author_id: number;
  title: string;
  u_id: number;
  u_name: string;
  u_email: string;
}

/** Opens the fixture read-only-ish and prepares the two statements. */
export function openRawDb(path: string) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  const byId = db.prepare<[number], UserRow>('SELECT id, name, email FROM users WHERE id = ?');
  const posts = db.prepare<[number], JoinedRow>(
    'SELECT p.id, p.author_id, p.title, u.id AS u_id, u.name AS u_name, u.email AS u_email ' +
      'FROM posts p JOIN users u ON u.id = p.author_id ORDER BY p.id LIMIT ?',
  );
  return {
    user(id: number): UserRow | undefined {
      return byId.get(id);
    },
    postsWithAuthors(): PostWithAuthor[] {
      return posts.all(POSTS_PAGE).map((r) => ({
        id: r.id,
        author_id: r.author_id,
        title: r.title,
        author: { id: r.u_id, name: r.u_name, email: r.u_email },
      }));
    },
  };
}
