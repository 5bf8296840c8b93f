import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { AuthActions, DIALECTS, freshDatabase, makeApp } from './helpers.ts';

describe.each(DIALECTS)('blog on %s', (dialect) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: Awaited<ReturnType<typeof makeApp>>;
  beforeAll(async () => {
    database = await freshDatabase(dialect);
  });
  afterAll(async () => {
    await database.drop();
  });
  beforeEach(async () => {
    app = await makeApp(database.url);
  });
  afterEach(async () => {
    await app.shutdown();
  });

  test('index', async () => {
    const client = app.testClient();
    let res = await client.get('/');
    expect(res.text).toContain('Log In');
    expect(res.text).toContain('Register');
    await new AuthActions(client).login();
    res = await client.get('/');
    expect(res.text).toContain('test title');
    expect(res.text).toContain('by test on 2018-01-01');
    expect(res.text).toContain('test\nbody');
    expect(res.text).toContain('href="/1/update"');
  });

  test.each(['/create', '/1/update', '/1/delete'])('login required for %s', async (path) => {
    const res = await app.testClient().post(path);
    expect(res.location).toBe('/auth/login');
  });

  test('author required', async () => {
    await app.db.posts.update(1, { authorId: 2 });
    const client = app.testClient();
    await new AuthActions(client).login();
    expect((await client.post('/1/update')).status).toBe(403);
    expect((await client.post('/1/delete')).status).toBe(403);
    expect((await client.get('/')).text).not.toContain('href="/1/update"');
  });

  test.each(['/2/update', '/2/delete'])('exists required for %s', async (path) => {
    const client = app.testClient();
    await new AuthActions(client).login();
    const res = await client.post(path);
    expect(res.status).toBe(404);
    expect(res.text).toContain('Post id 2 doesn&#39;t exist.');
  });

  test('create', async () => {
    const client = app.testClient();
    await new AuthActions(client).login();
    expect((await client.get('/create')).status).toBe(200);
    await client.post('/create', { form: { title: 'created', body: '' } });
    expect(await app.db.posts.count()).toBe(2);
  });

  test('update', async () => {
    const client = app.testClient();
    await new AuthActions(client).login();
    expect((await client.get('/1/update')).status).toBe(200);
    await client.post('/1/update', { form: { title: 'updated', body: '' } });
    expect((await app.db.posts.find(1))?.title).toBe('updated');
  });

  test.each(['/create', '/1/update'])('create and update validate the title (%s)', async (path) => {
    const client = app.testClient();
    await new AuthActions(client).login();
    const res = await client.post(path, { form: { title: '', body: '' } });
    expect(res.text).toContain('Title is required.');
  });

  test.each([
    ['/create', 't'.repeat(256), '', 'Title is too long (at most 255 characters).'],
    ['/1/update', 't'.repeat(400_000), '', 'Title is too long (at most 255 characters).'],
    ['/create', 'ok', 'b'.repeat(16_001), 'Body is too long (at most 16000 characters).'],
    ['/1/update', 'ok', 'b'.repeat(400_000), 'Body is too long (at most 16000 characters).'],
  ])(
    '%s refuses a title or body longer than flaskr stores, with a message (#%#)',
    async (path, title, body, message) => {
      const client = app.testClient();
      await new AuthActions(client).login();
      const res = await client.post(path, { form: { title, body } });
      expect(res.status).toBe(200);
      expect(res.text).toContain(message);
      expect(await app.db.posts.count()).toBe(1);
      expect((await app.db.posts.find(1))?.title).toBe('test title');
    },
  );

  test('a title and a body at their limits are stored on every database', async () => {
    const client = app.testClient();
    await new AuthActions(client).login();
    // '€' is 3 bytes in UTF-8: 16,000 of them fill most of MySQL's 65,535-byte text.
    const title = '€'.repeat(255);
    const body = '€'.repeat(16_000);
    const res = await client.post('/1/update', { form: { title, body } });
    expect(res.location).toBe('/');
    const post = await app.db.posts.find(1);
    expect([post?.title, post?.body]).toEqual([title, body]);
  });

  test('delete', async () => {
    const client = app.testClient();
    await new AuthActions(client).login();
    const res = await client.post('/1/delete');
    expect(res.location).toBe('/');
    expect(await app.db.posts.find(1)).toBeNull();
  });

  test('user input is escaped on every page', async () => {
    const client = app.testClient();
    await new AuthActions(client).login();
    await client.post('/create', { form: { title: '<script>alert(1)</script>', body: '"quoted" & <b>' } });
    const page = (await client.get('/')).text;
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;quoted&quot; &amp; &lt;b&gt;');
  });
});
