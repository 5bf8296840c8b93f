import { Blueprint } from '@flagon/blueprints';
import type { RequestContext, View } from '@flagon/core';
import { DatabaseError } from '@flagon/orm';
import type { Env } from './env.ts';
import { formField, tooLong } from './forms.ts';
import { checkPasswordHash, generatePasswordHash } from './passwords.ts';

// #region blueprint
export const auth = new Blueprint<Env>('auth', { urlPrefix: '/auth' });
// #endregion blueprint

// #region load-user
/** Loads the logged-in user, if any, into `c.g.user` before every request of the app. */
auth.beforeAppRequest(async function loadLoggedInUser(c) {
  const userId = c.session.get('userId');
  c.g.user = userId === undefined ? null : await c.db.users.find(userId);
});
// #endregion load-user

// #region login-required
/** Wraps a view so that anonymous users are redirected to the login page first. */
export function loginRequired<P>(view: View<Env, P>): View<Env, P> {
  const wrapped = (c: RequestContext<Env, P>) => (c.g.user ? view(c) : c.redirect('auth.login'));
  Object.defineProperty(wrapped, 'name', { value: view.name });
  return wrapped;
}
// #endregion login-required

// #region register
auth.route('/register', { methods: ['GET', 'POST'] }, async function register(c) {
  if (c.req.method === 'POST') {
    const form = await c.req.form();
    const username = formField(form, 'username');
    const password = formField(form, 'password');
    let error: string | null = null;
    if (!username) error = 'Username is required.';
    else if (!password) error = 'Password is required.';
    else error = tooLong('username', username) ?? tooLong('password', password);
    if (error === null) {
      try {
        await c.db.users.create({ username, password: await generatePasswordHash(password) });
        return c.redirect('auth.login');
      } catch (e) {
        if (!(e instanceof DatabaseError && e.code === 'unique_violation')) throw e;
        error = `User ${username} is already registered.`;
      }
    }
    c.flash(error);
  }
  return c.render('auth/register.html');
});
// #endregion register

// #region login
auth.route('/login', { methods: ['GET', 'POST'] }, async function login(c) {
  if (c.req.method === 'POST') {
    const form = await c.req.form();
    const username = formField(form, 'username');
    const password = formField(form, 'password');
    // A name or password longer than registration allows cannot match: no query, no hashing.
    const user = tooLong('username', username) ? null : await c.db.users.where({ username }).first();
    let error: string | null = null;
    if (user === null) error = 'Incorrect username.';
    else if (tooLong('password', password) || !(await checkPasswordHash(user.password, password)))
      error = 'Incorrect password.';
    if (error === null && user) {
      c.session.clear();
      c.session.set('userId', user.id);
      return c.redirect('index');
    }
    c.flash(error ?? 'Incorrect username.');
  }
  return c.render('auth/login.html');
});
// #endregion login

// #region logout
auth.get('/logout', function logout(c) {
  c.session.clear();
  return c.redirect('index');
});
// #endregion logout
