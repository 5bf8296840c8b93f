import { escapeHtml, markup } from '@flagon/templates';
import { describe, expect, test } from 'vitest';
import { defineForm, fields as f } from '../src/index.ts';
import { makeApp, signup, tokenOf } from './app.ts';

describe('re-rendering a submitted form', () => {
  test('errors sit next to their fields, with values kept and everything escaped', async () => {
    const { app, written } = makeApp();
    const client = app.testClient();
    const token = tokenOf((await client.get('/signup')).text);
    const res = await client.post('/signup', {
      form: {
        csrf_token: token,
        username: '<b',
        email: 'not"an@email',
        age: '12',
        color: 'green',
        bio: '</textarea><script>alert(1)</script> and more text to be long',
      },
    });
    expect(res.status).toBe(400);
    expect(written).toEqual([]);
    const html = res.text;
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('value="<b');
    expect(html).toContain(
      '<div class="field has-errors"><label for="username">Username</label>' +
        '<input type="text" id="username" name="username" required aria-invalid="true" ' +
        'aria-describedby="username-description username-errors" value="&lt;b" minlength="3" maxlength="20" autocomplete="username">' +
        '<small class="description" id="username-description">Letters only.</small>' +
        '<ul class="errors" id="username-errors"><li>Must be at least 3 characters long.</li></ul></div>',
    );
    expect(html).toContain('value="not&quot;an@email"');
    expect(html).toContain('<li>Enter a valid email address.</li>');
    expect(html).toContain(
      '<input type="number" id="age" name="age" required aria-invalid="true" aria-describedby="age-errors" value="12" min="18">',
    );
    expect(html).toContain('<li>Must be at least 18.</li>');
    expect(html).toContain(
      '<div class="field checkbox has-errors"><input type="checkbox" id="agree" name="agree" required aria-invalid="true" aria-describedby="agree-errors" value="y">' +
        '<label for="agree">I agree</label><ul class="errors" id="agree-errors"><li>This box must be ticked.</li></ul></div>',
    );
    expect(html).toContain(
      '<select id="color" name="color" required><option value="red">red</option><option value="green" selected>green</option></select>',
    );
    expect(html).toContain(
      '<textarea id="bio" name="bio" aria-invalid="true" aria-describedby="bio-errors" maxlength="50">&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt; and more text to be long</textarea>',
    );
    expect(html).toContain(
      '<ul class="errors" id="bio-errors"><li>Must be at most 50 characters long.</li></ul>',
    );
    // A fresh token for the next attempt.
    expect(tokenOf(html)).toMatch(/^[\w-]+\.[0-9a-z]+\.[\w-]+$/);
  });

  test('a GET renders the blank form: no errors, nothing invalid', async () => {
    const { app } = makeApp();
    const html = (await app.testClient().get('/signup')).text;
    expect(html).not.toContain('aria-invalid');
    expect(html).not.toContain('class="errors"');
    expect(html).toContain(
      '<input type="text" id="username" name="username" required aria-describedby="username-description" value="" minlength="3" maxlength="20" autocomplete="username">',
    );
    expect(html).toMatch(/<p id="token">[\w.-]+<\/p>/);
  });

  test('a custom async validator error shows like any other', async () => {
    const { app, written } = makeApp();
    const client = app.testClient();
    const token = tokenOf((await client.get('/signup')).text);
    const res = await client.post('/signup', {
      form: { csrf_token: token, username: 'taken', email: 'a@b.co', age: '30', agree: 'y', color: 'red' },
    });
    expect(res.text).toContain('<li>That username is taken.</li>');
    expect(written).toEqual([]);
  });
});

describe('field helpers', () => {
  const profile = defineForm(
    {
      name: f.text({ label: 'Your "name"', attrs: { placeholder: 'Ada <L>' } }),
      secret: f.password({ required: true }),
      price: f.decimal({ places: 2, range: { min: 0 } }),
      day: f.date({ range: { min: new Date(Date.UTC(2020, 0, 1)) } }),
      tags: f.multiSelect([{ value: 'a', label: 'A & co' }, 'b']),
      kind: f.select(['x', 'y']),
      photo: f.file({ types: ['image/png', '.jpg'] }),
      id: f.hidden(),
    },
    {
      validate: (data) => (data.name === 'bad' ? ['Form <wide> problem'] : undefined),
    },
  );

  test('pieces: label, input, errors; attribute overrides; passwords are never written back', async () => {
    const state = await profile.parse({
      name: 'bad',
      secret: 'hunter2',
      tags: ['a', 'b'],
      kind: 'y',
      id: '7',
    });
    expect(state.formErrors).toEqual(['Form <wide> problem']);
    expect(String(state.formErrorList())).toBe(
      '<ul class="form-errors" role="alert"><li>Form &lt;wide&gt; problem</li></ul>',
    );
    const name = state.field('name');
    expect(String(name.label({ class: 'l' }))).toBe(
      '<label for="name" class="l">Your &quot;name&quot;</label>',
    );
    expect(String(name.input({ class: 'wide', disabled: true, hidden: false }))).toBe(
      '<input type="text" id="name" name="name" value="bad" placeholder="Ada &lt;L&gt;" class="wide" disabled>',
    );
    expect(String(name.errorList())).toBe('');
    expect(String(state.field('secret').input())).toBe(
      '<input type="password" id="secret" name="secret" required>',
    );
    expect(state.values.secret).toBeUndefined();
    expect(String(state.field('tags').input())).toBe(
      '<select id="tags" name="tags" multiple><option value="a" selected>A &amp; co</option><option value="b" selected>b</option></select>',
    );
    expect(String(state.field('kind').input())).toBe(
      '<select id="kind" name="kind"><option value=""></option><option value="x">x</option><option value="y" selected>y</option></select>',
    );
    expect(String(state.field('price').input())).toBe(
      '<input type="number" id="price" name="price" value="" min="0" step="0.01">',
    );
    expect(String(state.field('day').input())).toBe(
      '<input type="date" id="day" name="day" value="" min="2020-01-01">',
    );
    expect(String(state.field('photo').input())).toBe(
      '<input type="file" id="photo" name="photo" accept="image/png,.jpg">',
    );
    expect(String(state.field('id').render())).toBe('<input type="hidden" id="id" name="id" value="7">');
    expect(state.fields.map((field) => field.name)).toEqual(Object.keys(profile.fields));
    expect(() => name.input({ 'on"click': 'x' })).toThrow(/not a valid HTML attribute name/);
  });

  test('helpers return Markup that escapeHtml (<%= %>) prints as it is', async () => {
    const state = profile.blank({ name: '<Ada>' });
    const input = state.field('name').input();
    expect(escapeHtml(input)).toBe(String(input));
    expect(markup(input)).toBe(input);
    expect(String(input)).toContain('value="&lt;Ada&gt;"');
  });

  test('blank() fills values from an object of the data shape (edit forms)', () => {
    const state = profile.blank({
      name: 'Ada',
      price: 9.5,
      day: new Date(Date.UTC(2024, 1, 29)),
      tags: ['b'],
      kind: undefined,
    });
    expect(state.submitted).toBe(false);
    expect(state.ok).toBe(false);
    expect(state.values).toEqual({ name: 'Ada', price: '9.5', day: '2024-02-29', tags: ['b'] });
    expect(String(state.field('day').input())).toContain('value="2024-02-29"');
  });

  test('a form from a Standard Schema renders fields by name', async () => {
    const { z } = await import('zod');
    const contact = defineForm(z.object({ first_name: z.string().min(2) }));
    const state = await contact.parse({ first_name: 'A' });
    expect(String(state.field('first_name').render())).toMatch(
      /^<div class="field has-errors"><label for="first_name">First name<\/label><input type="text" id="first_name" name="first_name" aria-invalid="true" aria-describedby="first_name-errors" value="A"><ul class="errors" id="first_name-errors"><li>.+<\/li><\/ul><\/div>$/,
    );
  });

  test('signup typing flows into validate(c)', async () => {
    const { app } = makeApp({ CSRF_ENABLED: false });
    let seen: unknown;
    app.route('/probe', { methods: ['POST'] }, async function probe(c) {
      const form = await signup.validate(c);
      if (form.ok) seen = form.data.age + 1;
      return 'ok';
    });
    await app.testClient().post('/probe', {
      form: { username: 'ada', email: 'a@b.co', age: '40', agree: 'on', color: 'red' },
    });
    expect(seen).toBe(41);
  });
});
