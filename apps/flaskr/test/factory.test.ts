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
