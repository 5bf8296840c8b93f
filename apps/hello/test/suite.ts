// The hello tests that hold wherever the app is served: in-process through app.testClient()
// (app.test.ts), and served by Bun and Deno (runtimes.runtime.test.ts).
import type { TestClient } from '@flagon/core';
import { expect, test } from 'vitest';

/** The CSRF token a page carries, as a browser would send it back. */
export function tokenOf(html: string): string {
  const token = /name="csrf_token" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('the page has no csrf_token field');
  return token;
}

/** Registers the tests; `makeClient` gives a client with an empty cookie jar for each test. */
export function helloSuite(makeClient: () => Promise<TestClient>): void {
  test('the index page renders through the layout, with escaped names', async () => {
    const client = await makeClient();
    const index = await client.get('/');
    expect(index.status).toBe(200);
    expect(index.text).toContain('<title>World - Flagon</title>');
    expect(index.text).toContain('<h1>Hello, World!</h1>');
    expect(index.text).toContain('href="/static/style.css"');
    const hostile = await client.get('/hello/%3Cscript%3E');
    expect(hostile.text).toContain('&lt;script&gt;');
    expect(hostile.text).not.toContain('<script>');
  });

  test('the session counts visits and flashes a message', async () => {
    const client = await makeClient();
    const csrf_token = tokenOf((await client.get('/')).text);
    await client.post('/visits', { form: { csrf_token } });
    const page = await client.post('/visits', { form: { csrf_token }, followRedirects: true });
    expect(page.text).toContain('Visit number 2.');
    expect(await client.session()).toMatchObject({ visits: 2 });
  });

  test('a post without the CSRF token (or with a forged one) is a 400 and counts nothing', async () => {
    const client = await makeClient();
    const csrf_token = tokenOf((await client.get('/')).text);
    await client.post('/visits', { form: { csrf_token } });
    const missing = await client.post('/visits');
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('The CSRF token is missing.');
    const forged = await client.post('/visits', { form: { csrf_token: `${csrf_token.slice(0, -2)}xx` } });
    expect(forged.status).toBe(400);
    expect(forged.text).toContain('The CSRF token is invalid.');
    expect(await client.session()).toMatchObject({ visits: 1 });
  });

  test('static files are served', async () => {
    const res = await (await makeClient()).get('/static/style.css');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  test('the guestbook form shows errors next to the fields, keeps the values, and stores nothing', async () => {
    const client = await makeClient();
    const blank = await client.get('/guestbook');
    expect(blank.status).toBe(200);
    expect(blank.text).toContain('No one has signed yet.');
    expect(blank.text).not.toContain('aria-invalid');
    const csrf_token = tokenOf(blank.text);
    const bad = await client.post('/guestbook', {
      form: { csrf_token, name: '<Ada>', email: 'ada-at-example', age: 'thirty', admin: 'yes' },
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('value="&lt;Ada&gt;"');
    expect(bad.text).toContain(
      '<input type="email" id="email" name="email" required aria-invalid="true" aria-describedby="email-description email-errors" value="ada-at-example" autocomplete="email">',
    );
    expect(bad.text).toContain(
      '<ul class="errors" id="email-errors"><li>Enter a valid email address.</li></ul>',
    );
    expect(bad.text).toContain('value="thirty"');
    expect(bad.text).toContain('<ul class="errors" id="age-errors"><li>Enter a whole number.</li></ul>');
    expect(bad.text).not.toContain('id="name-errors"');
    expect(bad.text).toContain('No one has signed yet.');

    const tooOld = await client.post('/guestbook', {
      form: { csrf_token, name: 'Ada', email: 'ada@example.com', age: '151' },
    });
    expect(tooOld.text).toContain('<li>Must be at most 150.</li>');

    const good = await client.post('/guestbook', {
      form: { csrf_token, name: '<Ada>', email: 'ada@example.com', age: '36' },
      followRedirects: true,
    });
    expect(good.status).toBe(200);
    expect(good.history).toEqual(['/guestbook']);
    expect(good.text).toContain('Hello, &lt;Ada&gt;! Thanks for signing.');
    expect(good.text).toContain('<li>&lt;Ada&gt;, 36</li>');
    expect(good.text).not.toContain('ada@example.com');
  });

  test('the guestbook refuses a post without a CSRF token and writes nothing', async () => {
    const client = await makeClient();
    const res = await client.post('/guestbook', {
      form: { name: 'Eve', email: 'eve@example.com', age: '30' },
    });
    expect(res.status).toBe(400);
    expect((await client.get('/guestbook')).text).not.toContain('Eve');
  });

  test('typed int params, and a 404 for a value that does not convert', async () => {
    const client = await makeClient();
    expect((await client.get('/api/square/12')).json()).toEqual({ n: 12, square: 144 });
    expect((await client.get('/api/square/twelve')).status).toBe(404);
  });
}
