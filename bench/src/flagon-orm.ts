// @flagon/orm over the fixture, for micro/queries.ts.

import { POSTS_PAGE } from './fixtures.ts';
import { openDatabase } from './flagon/models.ts';

export async function openFlagonOrm(path: string) {
  const db = await openDatabase(path);
  const posts = () => db.posts.with('author').orderBy('id').limit(POSTS_PAGE).all();
  return {
    find: (id: number) => db.users.find(id),
    /** find() inside a unit of work, as `db.extension()` opens one per request. */
    findTracked: (id: number) => db.track(() => db.users.find(id)),
    posts,
    /** Queries one eager-loaded listing runs, counted by the ORM's query capture. */
    async countPostsQueries(): Promise<number> {
      const { queries } = await db.captureQueries(posts);
      return queries.length;
    },
    close: () => db.close(),
  };
}
