import { Flagon } from '@flagon/core';
import { templates } from '@flagon/templates';
import { csrf, defineForm, fields as f, rotateCsrfToken } from '../src/index.ts';

export const signup = defineForm({
  username: f.text({
    required: true,
    length: { min: 3, max: 20 },
    description: 'Letters only.',
    validate: async (name) =>
      (await Promise.resolve(name === 'taken')) ? 'That username is taken.' : undefined,
  }),
  email: f.email({ required: true }),
  age: f.integer({ required: true, range: { min: 18 } }),
  agree: f.boolean({ required: true, label: 'I agree' }),
  color: f.select(['red', 'green'], { required: true }),
  bio: f.textarea({ length: { max: 50 } }),
});

/** A small app with CSRF on: a signup form, a JSON endpoint, an exempt webhook, a login that rotates. */
export function makeApp(config: Record<string, unknown> = {}, options: Parameters<typeof csrf>[0] = {}) {
  const app = new Flagon({
    root: `${import.meta.dirname}/fixtures`,
    staticFolder: null,
    config: { SECRET_KEY: 'forms-test-secret-key-0123456789abcdef', ...config },
  });
  app.use(templates());
  const protection = csrf(options);
  app.use(protection);
  const written: unknown[] = [];

  app.route('/signup', { methods: ['GET', 'POST'] }, async function signupView(c) {
    const form = await signup.validate(c);
    if (form.ok) {
      written.push(form.data);
      return c.redirect('/done');
    }
    return [await c.render('signup.html', { form }), form.submitted ? 400 : 200];
  });
  app.get('/done', function done() {
    return '<!doctype html><title>Done</title><h1>Signed up</h1>';
  });
  app.post('/api/items', async function createItem(c) {
    written.push(await c.req.json());
    return { ok: true };
  });
  app.delete('/api/items', function deleteItems() {
    written.push('deleted');
    return { ok: true };
  });
  app.post('/webhook', async function webhook(c) {
    written.push(await c.req.text());
    return 'thanks';
  });
  app.post('/hooks/other', function otherHook() {
    written.push('other');
    return 'ok';
  });
  app.post('/login', async function login(c) {
    c.session.set('user', 'ada');
    return { token: await rotateCsrfToken(c) };
  });
  app.get('/token', async function token(c) {
    const { csrfToken } = await import('../src/index.ts');
    return { token: await csrfToken(c) };
  });
  protection.exempt('webhook');
  return { app, written, protection };
}

/** The token printed in a rendered page. */
export function tokenOf(html: string): string {
  const match = /name="csrf_token" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no csrf_token field in the page');
  return match[1];
}
