import { migrate } from '@flagon/orm';
import { beforeEach, expect, test } from 'vitest';
import { createApp, db } from '../app.ts';

let app: Awaited<ReturnType<typeof createApp>>;

beforeEach(async () => {
  // A fresh in-memory database for each test (TEST_DATABASE_URL to use another).
  app = await createApp({ TESTING: true, DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'sqlite::memory:' });
  if (!db) throw new Error('createApp() opened no database');
  await migrate(db, { folder: `${import.meta.dirname}/../migrations` });
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
  const response = await client.post('/', { form: { body: 'Hello <b>there</b>' } });
  expect(response.text).toContain('Thanks for your message!');
  expect(response.text).toContain('Hello &lt;b&gt;there&lt;/b&gt;');
  expect(await db?.messages.count()).toBe(1);
});

test('an empty message is refused', async () => {
  const client = app.testClient({ followRedirects: true });
  const response = await client.post('/', { form: { body: '   ' } });
  expect(response.text).toContain('Write a message first.');
  expect(await db?.messages.count()).toBe(0);
});
