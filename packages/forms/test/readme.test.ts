// The README's examples, run as written (with the app around them).
import { Flagon } from '@flagon/core';
import { templates } from '@flagon/templates';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import { CSRFError, csrf, defineForm, fields as f, rotateCsrfToken } from '../src/index.ts';

// 1. Declare a form
const signup = defineForm({
  username: f.text({ required: true, length: { min: 3, max: 20 }, pattern: /^[a-z0-9_]+$/i }),
  email: f.email({ required: true }),
  password: f.password({ required: true, length: { min: 8 } }),
  confirm: f.password({ required: true, equalTo: 'password', label: 'Repeat password' }),
  age: f.integer({ range: { min: 13, max: 130 } }),
  newsletter: f.boolean({ label: 'Send me the newsletter' }),
  plan: f.select(['free', { value: 'pro', label: 'Pro ($5/month)' }], { required: true }),
});

const users = new Set(['ada']);
const register = defineForm(
  {
    username: f.text({
      required: true,
      validate: async (name) => (users.has(name) ? 'That username is taken.' : undefined),
    }),
    from: f.date({ required: true }),
    to: f.date({ required: true }),
  },
  {
    validate: (data, ctx) => {
      if (data.to < data.from) ctx.error('to', 'Must come after the start.');
    },
  },
);

const contact = defineForm(z.object({ email: z.email(), age: z.coerce.number().int().min(18) }));

const t = { fr: { required: 'Ce champ est obligatoire.' } } as const;
const comment = defineForm(
  {
    body: f.textarea({
      required: true,
      messages: { length_max: 'Keep it under {max} characters.' },
      length: { max: 500 },
    }),
  },
  {
    messages: {
      required: (_params, c) =>
        c?.req.header('accept-language')?.startsWith('fr') ? t.fr.required : 'Required.',
    },
  },
);

describe('README', () => {
  test('1. the signup data type', async () => {
    const form = await signup.parse({
      username: 'ada_l',
      email: 'ada@example.com',
      password: 'analytical',
      confirm: 'analytical',
      plan: 'pro',
    });
    expect(form.ok).toBe(true);
    if (form.ok) {
      expectTypeOf(form.data).toEqualTypeOf<{
        username: string;
        email: string;
        password: string;
        confirm: string;
        age: number | undefined;
        newsletter: boolean;
        plan: 'free' | 'pro';
      }>();
    }
    expect((await signup.parse({ confirm: 'x', password: 'y' })).errors.confirm).toEqual([
      'Must match Password.',
    ]);
  });

  test('validators and form-wide checks', async () => {
    expect((await register.parse({ username: 'ada', from: '2024-01-02', to: '2024-01-01' })).errors).toEqual({
      username: ['That username is taken.'],
    });
    expect((await register.parse({ username: 'bob', from: '2024-01-02', to: '2024-01-01' })).errors).toEqual({
      to: ['Must come after the start.'],
    });
  });

  test('a form from a Standard Schema', async () => {
    const form = await contact.parse({ email: 'a@b.co', age: '20' });
    if (form.ok) expectTypeOf(form.data).toEqualTypeOf<{ email: string; age: number }>();
    expect(form.data).toEqual({ email: 'a@b.co', age: 20 });
  });

  test('2–5. a view, templates, messages by language, CSRF with rotation', async () => {
    const app = new Flagon({
      root: `${import.meta.dirname}/fixtures`,
      staticFolder: null,
      config: { SECRET_KEY: 's' },
    });
    app.use(templates());
    const protection = csrf({ exempt: ['stripeWebhook'] });
    app.use(protection);
    protection.exempt('api');
    app.errorHandler(CSRFError, (error) => [`CSRF: ${error.reason}`, 400]);
    const created: unknown[] = [];
    app.route('/comment', { methods: ['GET', 'POST'] }, async function commentView(c) {
      const form = await comment.validate(c);
      if (form.ok) {
        created.push(form.data.body);
        return c.redirect('/');
      }
      return [{ errors: form.errors }, form.submitted ? 400 : 200];
    });
    app.post('/login', async function login(c) {
      c.session.clear();
      c.session.set('userId', 1);
      return { token: await rotateCsrfToken(c) };
    });
    app.post('/stripe', function stripeWebhook() {
      return 'ok';
    });
    app.get('/signup', async function page(c) {
      return c.render('signup.html', { form: signupFixture.blank() });
    });

    const client = app.testClient();
    const page = await client.get('/signup');
    const token = /name="csrf_token" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const fr = await client.post('/comment', {
      form: { csrf_token: token, body: '' },
      headers: { 'accept-language': 'fr-FR' },
    });
    expect(fr.json()).toEqual({ errors: { body: ['Ce champ est obligatoire.'] } });
    const long = await client.post('/comment', { form: { csrf_token: token, body: 'x'.repeat(501) } });
    expect(long.json()).toEqual({ errors: { body: ['Keep it under 500 characters.'] } });
    expect((await client.post('/comment', { form: { body: 'hi' } })).text).toBe('CSRF: missing');
    expect((await client.post('/stripe')).status).toBe(200);
    const { token: fresh } = (await client.post('/login', { headers: { 'X-CSRF-Token': token } })).json<{
      token: string;
    }>();
    expect((await client.post('/comment', { form: { csrf_token: token, body: 'hi' } })).text).toBe(
      'CSRF: mismatch',
    );
    expect((await client.post('/comment', { form: { csrf_token: fresh, body: 'hi' } })).status).toBe(303);
    expect(created).toEqual(['hi']);
  });
});

const signupFixture = defineForm({
  username: f.text({ required: true }),
  email: f.email(),
  age: f.integer(),
  agree: f.boolean(),
  color: f.select(['red']),
  bio: f.textarea(),
});
