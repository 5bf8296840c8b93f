import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { AuthActions, DIALECTS, freshDatabase, makeApp } from './helpers.ts';

describe.each(DIALECTS)('auth on %s', (dialect) => {
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

  test('register', async () => {
    const client = app.testClient();
    expect((await client.get('/auth/register')).status).toBe(200);
    const res = await client.post('/auth/register', { form: { username: 'a', password: 'a' } });
    expect(res.location).toBe('/auth/login');
    const user = await app.db.users.where({ username: 'a' }).first();
    expect(user).not.toBeNull();
    expect(user?.password).toMatch(/^scrypt:32768:8:1\$[^$]{16}\$[0-9a-f]{128}$/);
  });

  test.each([
    ['', '', 'Username is required.'],
    ['a', '', 'Password is required.'],
    ['test', 'test', 'already registered'],
  ])('register validates input (%j, %j)', async (username, password, message) => {
    const res = await app.testClient().post('/auth/register', { form: { username, password } });
    expect(res.status).toBe(200);
    expect(res.text).toContain(message);
  });

  test.each([
    ['x'.repeat(256), 'a', 'Username is too long (at most 255 characters).'],
    ['x'.repeat(400_000), 'a', 'Username is too long (at most 255 characters).'],
    ['a', 'p'.repeat(1025), 'Password is too long (at most 1024 characters).'],
  ])(
    'register refuses values longer than flaskr stores, with a message, never a 500 (#%#)',
    async (username, password, message) => {
      const res = await app.testClient().post('/auth/register', { form: { username, password } });
      expect(res.status).toBe(200);
      expect(res.text).toContain(message);
      expect(await app.db.users.count()).toBe(2);
      const longest = 'y'.repeat(255);
      await app
        .testClient()
        .post('/auth/register', { form: { username: longest, password: 'p'.repeat(1024) } });
      expect(await app.db.users.where({ username: longest }).first()).not.toBeNull();
    },
  );

  test.each([
    ['x'.repeat(400_000), 'test', 'Incorrect username.'],
    ['test', 'p'.repeat(400_000), 'Incorrect password.'],
  ])(
    'login with a value longer than any account is refused with a message (#%#)',
    async (username, password, message) => {
      const res = await new AuthActions(app.testClient()).login(username, password);
      expect(res.status).toBe(200);
      expect(res.text).toContain(message);
    },
  );

  test("a field over core's default MAX_FORM_MEMORY_SIZE (500,000 bytes) is a 413 naming the key", async () => {
    const res = await new AuthActions(app.testClient()).login('x'.repeat(1_000_000), 'test');
    expect(res.status).toBe(413);
    expect(res.text).toContain('MAX_FORM_MEMORY_SIZE (500000 bytes)');
  });

  test('register with a missing field is a 400', async () => {
    const res = await app.testClient().post('/auth/register', { form: { username: 'a' } });
    expect(res.status).toBe(400);
  });

  test('login', async () => {
    const client = app.testClient();
    const auth = new AuthActions(client);
    expect((await client.get('/auth/login')).status).toBe(200);
    const res = await auth.login();
    expect(res.location).toBe('/');
    const page = await client.get('/');
    expect(await client.session()).toMatchObject({ userId: 1 });
    expect(page.text).toContain('<span>test</span>');
  });

  test.each([
    ['a', 'test', 'Incorrect username.'],
    ['test', 'a', 'Incorrect password.'],
  ])('login validates input (%j, %j)', async (username, password, message) => {
    const res = await new AuthActions(app.testClient()).login(username, password);
    expect(res.text).toContain(message);
  });

  test('logout', async () => {
    const client = app.testClient();
    const auth = new AuthActions(client);
    await auth.login();
    const res = await auth.logout();
    expect(res.location).toBe('/');
    expect(await client.session()).not.toHaveProperty('userId');
  });
});
