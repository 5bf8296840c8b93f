// The worker's tests, run in-process on Node (app.test.ts) and over HTTP against workerd
// (workerd.runtime.test.ts).
import type { TestClient } from '@flagon/core';
import { expect, test } from 'vitest';
import { tokenOf } from '../../hello/test/suite.ts';

/** Registers the tests; `makeClient` gives a client with an empty cookie jar for each test. */
export function workerSuite(makeClient: () => Promise<TestClient>): void {
  test('pages render from the precompiled templates, through the layout, escaped', async () => {
    const client = await makeClient();
    const index = await client.get('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.text).toContain('<title>World - Flagon on Workers</title>');
    expect(index.text).toContain('<h1>Hello, World!</h1>');
    const hostile = await client.get('/hello/%3Cscript%3E');
    expect(hostile.text).toContain('<h1>Hello, &lt;script&gt;!</h1>');
  });

  test('JSON with typed params; a value that does not convert is a 404', async () => {
    const client = await makeClient();
    expect((await client.get('/api/square/7')).json()).toEqual({ n: 7, square: 49 });
    expect((await client.get('/api/square/seven')).status).toBe(404);
  });

  test('a blueprint: its own templates folder, its endpoints and urlFor', async () => {
    const client = await makeClient();
    const page = await client.get('/notes/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<a href="/notes/2">Templates are precompiled.</a>');
    expect((await client.get('/notes/2')).json()).toEqual({ id: 2, self: '/notes/2' });
  });

  test('the signed-cookie session counts visits and flashes a message once', async () => {
    const client = await makeClient();
    const csrf_token = tokenOf((await client.get('/')).text);
    const first = await client.post('/visits', { form: { csrf_token } });
    expect(first.status).toBe(303);
    expect(first.location).toBe('/');
    const page = await client.post('/visits', { form: { csrf_token }, followRedirects: true });
    expect(page.text).toContain('<p class="flash">Visit number 1.</p>');
    expect(page.text).toContain('<p class="flash">Visit number 2.</p>');
    expect((await client.get('/')).text).not.toContain('class="flash"');
    expect(await client.session()).toMatchObject({ visits: 2 });
  });

  test('a post without the CSRF token, or with a forged one, is a 400 and changes nothing', async () => {
    const client = await makeClient();
    const csrf_token = tokenOf((await client.get('/')).text);
    const missing = await client.post('/visits');
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('The CSRF token is missing.');
    const forged = await client.post('/visits', { form: { csrf_token: `${csrf_token.slice(0, -2)}xx` } });
    expect(forged.status).toBe(400);
    expect(await client.session()).not.toHaveProperty('visits');
  });

  test('the form: errors next to the fields with the values kept, then success', async () => {
    const client = await makeClient();
    const csrf_token = tokenOf((await client.get('/guestbook')).text);
    const bad = await client.post('/guestbook', { form: { csrf_token, name: '<Ada>', age: 'old' } });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('value="&lt;Ada&gt;"');
    expect(bad.text).toContain('<ul class="errors" id="age-errors"><li>Enter a whole number.</li></ul>');
    const good = await client.post('/guestbook', {
      form: { csrf_token, name: 'Grace', age: '85' },
      followRedirects: true,
    });
    expect(good.status).toBe(200);
    expect(good.text).toContain('Hello, Grace! Thanks for signing.');
    expect(good.text).toContain('<li>Grace, 85</li>');
  });

  test('static files are a 404 where there is no file system to serve them from', async () => {
    const client = await makeClient();
    const res = await client.get('/static/style.css');
    expect(res.status).toBe(404);
    expect(res.text).not.toMatch(/node:|\bat \S+:\d+/);
  });
}
