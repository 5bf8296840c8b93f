import { Blueprint } from '@flagon/blueprints';
import { abort, type RequestContext } from '@flagon/core';
import { loginRequired } from './auth.ts';
import type { Env } from './env.ts';
import { formField, tooLong } from './forms.ts';

export const blog = new Blueprint<Env>('blog');

// #region index
/** Every post with its author, newest first: two queries, however many posts. */
blog.get('/', async function index(c) {
  const posts = await c.db.posts.with('author').orderBy('created', 'desc').orderBy('id', 'desc').all();
  return c.render('blog/index.html', { posts });
});
// #endregion index

// #region get-post
/** A post by id, 404 if it does not exist, 403 if `checkAuthor` and the user is not its author. */
async function getPost(c: RequestContext<Env>, id: number, checkAuthor = true) {
  const post = await c.db.posts.with('author').where({ id }).first();
  if (post === null) abort(404, `Post id ${id} doesn't exist.`);
  if (checkAuthor && post.authorId !== c.g.user?.id) abort(403);
  return post;
}
// #endregion get-post

/** Why a post's title and body cannot be saved, or null when they can. */
function postFormError(title: string, body: string): string | null {
  return title ? (tooLong('title', title) ?? tooLong('body', body)) : 'Title is required.';
}

// #region create
blog.route(
  '/create',
  { methods: ['GET', 'POST'] },
  loginRequired(async function create(c) {
    let form: Record<string, string> = {};
    if (c.req.method === 'POST') {
      const data = await c.req.form();
      const title = formField(data, 'title');
      const body = formField(data, 'body');
      form = { title, body };
      const error = postFormError(title, body);
      if (error) {
        c.flash(error);
      } else {
        await c.db.posts.create({ title, body, authorId: (c.g.user as { id: number }).id });
        return c.redirect('blog.index');
      }
    }
    return c.render('blog/create.html', { form });
  }),
);
// #endregion create

// #region update
blog.route(
  '/<int:id>/update',
  { methods: ['GET', 'POST'] },
  loginRequired(async function update(c) {
    const post = await getPost(c, c.params.id);
    let form: Record<string, string> = {};
    if (c.req.method === 'POST') {
      const data = await c.req.form();
      const title = formField(data, 'title');
      const body = formField(data, 'body');
      form = { title, body };
      const error = postFormError(title, body);
      if (error) {
        c.flash(error);
      } else {
        await c.db.posts.update(post.id, { title, body });
        return c.redirect('blog.index');
      }
    }
    return c.render('blog/update.html', { post, form });
  }),
);
// #endregion update

// #region delete
// Flask's endpoint is blog.delete; `delete` cannot name a function in TypeScript, so it is given.
blog.post(
  '/<int:id>/delete',
  { endpoint: 'delete' },
  loginRequired(async function deletePost(c) {
    await getPost(c, c.params.id);
    await c.db.posts.delete(c.params.id);
    return c.redirect('blog.index');
  }),
);
// #endregion delete
