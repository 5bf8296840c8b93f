import type { TestClient } from '@flagon/core';
import { migrate } from '@flagon/orm';
import { beforeEach, expect, test } from 'vitest';
import { messageForm } from '../src/__APP_DIR__/forms.ts';
import { type App, createApp, db, projectRoot } from '../src/__APP_DIR__/index.ts';

let app: App;

/** The CSRF token of the page's form, as a browser would send it back. */
async function csrfToken(client: TestClient): Promise<string> {
  const page = await client.get('/');
  const token = /name="csrf_token" value="([^"]+)"/.exec(page.text)?.[1];
  if (!token) throw new Error('the page has no CSRF token');
  return token;
}

beforeEach(async () => {
  // A fresh in-memory database for each test (TEST_DATABASE_URL to use another).
  app = await createApp({ TESTING: true, DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'sqlite::memory:' });
  if (!db) throw new Error('createApp() opened no database');
  await migrate(db, { folder: `${projectRoot}/migrations` });
});

test('the home page uses the layout and the stylesheet', async () => {
  const response = await app.testClient().get('/');
  expect(response.status).toBe(200);
  expect(response.text).toContain('<title>Guestbook · __APP_NAME__</title>');
  expect(response.text).toContain('href="/static/style.css"');
  expect(response.text).toContain('No messages yet');
});

test('the stylesheet is served', async () => {
  const response = await app.testClient().get('/static/style.css');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/css');
});

test('a posted message is shown, escaped', async () => {
  const client = app.testClient({ followRedirects: true });
  const csrf_token = await csrfToken(client);
  const response = await client.post('/', { form: { body: 'Hello <b>there</b>', csrf_token } });
  expect(response.text).toContain('Thanks for your message!');
  expect(response.text).toContain('Hello &lt;b&gt;there&lt;/b&gt;');
  expect(await db?.messages.count()).toBe(1);
});

test('an invalid message is shown again with its error', async () => {
  const client = app.testClient();
  const csrf_token = await csrfToken(client);
  const response = await client.post('/', { form: { body: 'x'.repeat(501), csrf_token } });
  expect(response.status).toBe(400);
  expect(response.text).toContain('Keep it under 500 characters.');
  expect(response.text).toContain('aria-invalid="true"');
  expect(await db?.messages.count()).toBe(0);
});

test('a post without the CSRF token is refused and nothing is written', async () => {
  const response = await app.testClient().post('/', { form: { body: 'sneaky' } });
  expect(response.status).toBe(400);
  expect(await db?.messages.count()).toBe(0);
});

test('the form validates', async () => {
  const good = await messageForm.parse({ body: '  hi  ' });
  expect(good.ok).toBe(true);
  expect(good.data).toEqual({ body: 'hi' });
  const empty = await messageForm.parse({});
  expect(empty.ok).toBe(false);
  expect(empty.errors.body).toEqual(['Write a message first.']);
});
