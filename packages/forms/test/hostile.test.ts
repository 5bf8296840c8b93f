import { describe, expect, test } from 'vitest';
import { makeApp, tokenOf } from './app.ts';

// Hostile submissions through the whole app (CSRF on): field-level problems are a 400 page
// with the error next to the field; nothing reaches the list the view writes to.
describe('hostile submissions to a real view', () => {
  const valid = { username: 'ada', email: 'ada@example.com', age: '36', agree: 'y', color: 'red' };

  async function start() {
    const { app, written } = makeApp();
    const client = app.testClient();
    const csrf_token = tokenOf((await client.get('/signup')).text);
    return { client, written, csrf_token };
  }

  test('an oversized field', async () => {
    const { client, written, csrf_token } = await start();
    const res = await client.post('/signup', { form: { ...valid, csrf_token, bio: 'x'.repeat(10_001) } });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<ul class="errors" id="bio-errors"><li>The value is too long.</li></ul>');
    expect(written).toEqual([]);
  });

  test('wrong types', async () => {
    const { client, written, csrf_token } = await start();
    const res = await client.post('/signup', {
      form: { ...valid, csrf_token, age: '1e3', email: 'a@b', color: 'red; DROP TABLE' },
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<li>Enter a whole number.</li>');
    expect(res.text).toContain('<li>Enter a valid email address.</li>');
    expect(res.text).toContain('<li>Not a valid choice.</li>');
    expect(written).toEqual([]);
  });

  test('a file where text belongs', async () => {
    const { client, written, csrf_token } = await start();
    const res = await client.post('/signup', {
      form: { ...valid, csrf_token, username: new File(['x'], 'x.txt', { type: 'text/plain' }) },
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<li>Expected text, not a file.</li>');
    expect(written).toEqual([]);
  });

  test('duplicate fields', async () => {
    const { client, written, csrf_token } = await start();
    const body = new URLSearchParams({ ...valid, csrf_token });
    body.append('age', '99');
    const res = await client.post('/signup', { body });
    expect(res.status).toBe(400);
    expect(res.text).toContain(
      '<ul class="errors" id="age-errors"><li>This field was sent more than once.</li></ul>',
    );
    expect(written).toEqual([]);
  });

  test('unexpected fields are ignored: the view writes only declared, typed data', async () => {
    const { client, written, csrf_token } = await start();
    const res = await client.post('/signup', {
      form: { ...valid, csrf_token, isAdmin: 'true', role: 'owner' },
    });
    expect(res.status).toBe(303);
    expect(written).toEqual([
      { username: 'ada', email: 'ada@example.com', age: 36, agree: true, color: 'red', bio: undefined },
    ]);
  });
});
