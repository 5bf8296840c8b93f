import { describe, expect, test } from 'vitest';
import { createApp } from '../src/flaskr/index.ts';

describe('factory', () => {
  test('config: testing is off by default and on with test config', async () => {
    const plain = await createApp({ DATABASE_URL: 'sqlite::memory:' });
    expect(plain.config.TESTING).toBe(false);
    await plain.shutdown();
    const testing = await createApp({ TESTING: true, DATABASE_URL: 'sqlite::memory:' });
    expect(testing.config.TESTING).toBe(true);
    await testing.shutdown();
  });

  test("Flagon's own keys come from FLASKR_ variables too: behind a proxy, with trusted hosts", async () => {
    const env = {
      FLASKR_PROXY_FIX: '{"for":1,"proto":1,"host":1}',
      FLASKR_TRUSTED_HOSTS: '["flaskr.example.com"]',
      FLASKR_SESSION_COOKIE_SECURE: 'true',
    };
    Object.assign(process.env, env);
    try {
      const app = await createApp({ TESTING: true, DATABASE_URL: 'sqlite::memory:' });
      expect(app.config.PROXY_FIX).toEqual({ for: 1, proto: 1, host: 1 });
      const client = app.testClient();
      const proxied = { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' };
      const headers = { ...proxied, 'x-forwarded-host': 'flaskr.example.com' };
      const user = { username: 'proxied', password: 'a-long-enough-password' };
      expect((await client.post('/auth/register', { headers, form: user })).status).toBe(303);
      const login = await client.post('/auth/login', { headers, form: user });
      expect(login.status).toBe(303);
      // The session cookie is never sent over plain HTTP.
      expect(login.headers.get('set-cookie')).toMatch(/; Secure/);
      const forged = await client.get('/auth/login', {
        headers: { ...proxied, 'x-forwarded-host': 'evil.example' },
      });
      expect(forged.status).toBe(400);
      expect(forged.text).toContain('evil.example');
      await app.shutdown();
    } finally {
      for (const key of Object.keys(env)) delete process.env[key];
    }
  });

  test('hello', async () => {
    const app = await createApp({ TESTING: true, DATABASE_URL: 'sqlite::memory:' });
    const res = await app.testClient().get('/hello');
    expect(res.text).toBe('Hello, World!');
    await app.shutdown();
  });

  test('the routes are those of flask --app flaskr routes', async () => {
    const app = await createApp({ TESTING: true, DATABASE_URL: 'sqlite::memory:' });
    const rows = app
      .routes()
      .map((r) => [r.endpoint, r.methods.filter((m) => m !== 'HEAD' && m !== 'OPTIONS').join(', '), r.rule])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(rows).toEqual([
      ['auth.login', 'GET, POST', '/auth/login'],
      ['auth.logout', 'GET', '/auth/logout'],
      ['auth.register', 'GET, POST', '/auth/register'],
      ['blog.create', 'GET, POST', '/create'],
      ['blog.delete', 'POST', '/<int:id>/delete'],
      ['blog.index', 'GET', '/'],
      ['blog.update', 'GET, POST', '/<int:id>/update'],
      ['hello', 'GET', '/hello'],
      ['index', 'GET', '/'],
      ['static', 'GET', '/static/<path:filename>'],
    ]);
    await app.shutdown();
  });
});
