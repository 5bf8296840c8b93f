// The blueprint of Flagon full: the page, the row by id and the posts with their authors.

import { Blueprint } from '@flagon/blueprints';
import { PAGE_DATA } from '../data.ts';
import { POSTS_PAGE } from '../fixtures.ts';
import type { openDatabase } from './models.ts';

type Db = Awaited<ReturnType<typeof openDatabase>>;
export type FullEnv = { Services: { db: Db }; G: { uid?: number }; Session: { uid?: number } };

export const site = new Blueprint<FullEnv>('site');

site.get('/page', async function page(c) {
  return c.render('page.html', { ...PAGE_DATA });
});

// Returned as is (no `async`): on SQLite the row is read at once and the view answered in the same turn.
site.get('/db/<int:id>', function row(c) {
  return c.db.users.getOr404(c.params.id);
});

site.get('/posts', async function postList(c) {
  return c.db.posts.with('author').orderBy('id').limit(POSTS_PAGE).all();
});
