import { Flagon } from '@flagon/core';
import { listen } from '@flagon/core/node';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, test } from 'vitest';
import { type RedisSessionOptions, redisSessionStore, redisSessions } from '../src/index.ts';
import { closedPort, REDIS_URL, removeKeys, stallingProxy, testPrefix } from './helpers.ts';

const prefix = testPrefix();
const admin = new Redis(REDIS_URL);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const apps: Flagon[] = [];

afterAll(async () => {
  await Promise.all(apps.map((app) => app.shutdown()));
  await removeKeys(prefix);
  await admin.quit();
});

function makeApp(options: RedisSessionOptions = {}) {
  const app = new Flagon<{ Session: { userId?: number; theme?: string } }>({
    staticFolder: null,
    logger: quiet,
    config: { SECRET_KEY: 'redis-session-test-key-0123456789abcdef' },
  });
  const extension = redisSessions({ url: REDIS_URL, prefix, ...options });
  app.use(extension);
  app.post('/login', function login(c) {
    c.session.clear();
    c.session.set('userId', 7);
    return 'in';
  });
  app.get('/me', function me(c) {
    return { userId: c.session.get('userId') ?? null };
  });
  app.get('/logout', function logout(c) {
    c.session.clear();
    return 'out';
  });
  app.get('/remember', function remember(c) {
    c.session.permanent = true;
    c.session.set('theme', 'dark');
    return 'ok';
  });
  app.get('/plain', function plain() {
    return 'plain';
  });
  apps.push(app as unknown as Flagon);
  return { app, store: extension.store };
}

/** The `name=value` part of the response's session cookie. */
function sessionCookieOf(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('session='));
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(response.headers.getSetCookie())}`);
  return cookie.slice(0, cookie.indexOf(';'));
}

async function me(app: { request(path: string, init?: RequestInit): Promise<Response> }, cookie: string) {
  const response = await app.request('/me', { headers: { cookie } });
  return { status: response.status, body: await response.text() };
}

describe('sessions in Redis', () => {
  test('the cookie holds only a signed id; the data is in Redis under the prefix, with PERMANENT_SESSION_LIFETIME as TTL', async () => {
    const { app } = makeApp();
    const login = await app.request('/login', { method: 'POST' });
    const cookie = sessionCookieOf(login);
    expect(cookie).toMatch(/^session=[A-Za-z0-9_-]{43}\.[^;]+$/);
    const id = cookie.slice('session='.length, cookie.indexOf('.'));
    expect(JSON.parse((await admin.get(prefix + id)) as string)).toEqual({ userId: 7 });
    const ttl = await admin.ttl(prefix + id);
    expect(ttl).toBeGreaterThan(app.config.PERMANENT_SESSION_LIFETIME - 60);
    expect(ttl).toBeLessThanOrEqual(app.config.PERMANENT_SESSION_LIFETIME);
    expect(await me(app, cookie)).toEqual({ status: 200, body: '{"userId":7}' });
  });

  test('logging out deletes the session in Redis, so the old cookie no longer logs in', async () => {
    const { app } = makeApp();
    const cookie = sessionCookieOf(await app.request('/login', { method: 'POST' }));
    const id = cookie.slice('session='.length, cookie.indexOf('.'));
    const logout = await app.request('/logout', { headers: { cookie } });
    expect(logout.headers.getSetCookie()[0]).toMatch(/^session=; Max-Age=0;/);
    expect(await admin.exists(prefix + id)).toBe(0);
    expect(await me(app, cookie)).toEqual({ status: 200, body: '{"userId":null}' });
  });

  test('a tampered cookie, or one whose id Redis does not hold, is a new empty session', async () => {
    const { app } = makeApp();
    const cookie = sessionCookieOf(await app.request('/login', { method: 'POST' }));
    // Change one character of the signature (to one it is not), so the cookie always differs.
    const tampered = `${cookie.slice(0, -2)}${cookie.at(-2) === 'A' ? 'B' : 'A'}${cookie.slice(-1)}`;
    expect(await me(app, tampered)).toEqual({ status: 200, body: '{"userId":null}' });
    await admin.del(prefix + cookie.slice('session='.length, cookie.indexOf('.')));
    expect(await me(app, cookie)).toEqual({ status: 200, body: '{"userId":null}' });
    const other = makeApp().app;
    other.config.SECRET_KEY = 'another-secret-key-0123456789abcdef-xyz';
    const signedElsewhere = sessionCookieOf(await other.request('/login', { method: 'POST' }));
    expect(await me(app, signedElsewhere)).toEqual({ status: 200, body: '{"userId":null}' });
  });

  test('a permanent session cookie carries Max-Age; reading a session leaves Redis and the cookie alone', async () => {
    const { app } = makeApp();
    const remember = await app.request('/remember');
    const header = remember.headers.getSetCookie()[0] as string;
    expect(header).toContain(`Max-Age=${app.config.PERMANENT_SESSION_LIFETIME}`);
    const cookie = sessionCookieOf(remember);
    const read = await app.request('/plain', { headers: { cookie } });
    expect(read.headers.getSetCookie()).toEqual(
      app.config.SESSION_REFRESH_EACH_REQUEST ? [expect.stringContaining('Max-Age=')] : [],
    );
    const { app: other } = makeApp();
    const anonymous = await other.request('/me');
    expect(anonymous.headers.getSetCookie()).toEqual([]);
  });
});

describe('when Redis is down or slow', () => {
  test('down: a request with a session cookie is a 503 that names Redis and why; the server keeps serving', async () => {
    const port = await closedPort();
    const { app } = makeApp({ url: `redis://127.0.0.1:${port}/0`, connectTimeout: 500 });
    const server = await listen(app as unknown as Flagon, { port: 0, handleSignals: false });
    try {
      const login = await fetch(`${server.url}/login`, { method: 'POST' });
      expect(login.status).toBe(503);
      expect(login.headers.get('retry-after')).toBe('5');
      expect(await login.text()).toMatch(
        new RegExp(
          `Sessions are unavailable: Redis at redis://127\\.0\\.0\\.1:${port}/0 failed \\(.*(ECONNREFUSED|not connected|cannot connect)`,
        ),
      );
      const withCookie = await fetch(`${server.url}/me`, { headers: { cookie: 'session=whatever.x.y' } });
      expect(withCookie.status).toBe(200); // not signed by us: never reaches Redis
      const valid = sessionCookieOf(await makeApp().app.request('/login', { method: 'POST' }));
      const stored = await fetch(`${server.url}/me`, { headers: { cookie: valid } });
      expect(stored.status).toBe(503);
      await stored.text();
      const plain = await fetch(`${server.url}/plain`);
      expect([plain.status, await plain.text()]).toEqual([200, 'plain']);
    } finally {
      await server.close();
    }
  });

  test('slow: no answer within commandTimeout is a 503; sessions work again once Redis answers', async () => {
    const proxy = await stallingProxy();
    try {
      const { app } = makeApp({ url: proxy.url, commandTimeout: 300 });
      const cookie = sessionCookieOf(await app.request('/login', { method: 'POST' }));
      proxy.stall();
      const stalled = await me(app, cookie);
      expect(stalled.status).toBe(503);
      expect(stalled.body).toContain('no answer to GET within 300 ms');
      proxy.resume();
      expect(await me(app, cookie)).toEqual({ status: 200, body: '{"userId":7}' });
    } finally {
      await proxy.close();
    }
  });
});

describe('redisSessions() and redisSessionStore()', () => {
  test('the extension sets app.sessionStore and closes the client it made on shutdown', async () => {
    const { app, store } = makeApp();
    expect(app.sessionStore).toBe(store);
    await app.request('/login', { method: 'POST' });
    expect(store.client.status).toBe('ready');
    await app.shutdown();
    expect(store.client.status).toBe('end');
  });

  test('a client passed in is used and left open', async () => {
    const client = new Redis(REDIS_URL);
    try {
      const store = redisSessionStore({ client, prefix });
      expect(store.client).toBe(client);
      await store.close();
      expect(client.status).not.toBe('end');
    } finally {
      await client.quit();
    }
  });

  test.each([
    [{ prefix: '' }, 'prefix must be a non-empty string, not ""'],
    [{ commandTimeout: -1 }, 'commandTimeout must be a positive number of milliseconds, not -1'],
    [{ connectTimeout: Number.NaN }, 'connectTimeout must be a positive number of milliseconds, not NaN'],
    [{ url: 'not a url' }, 'url "not a url" is not a URL; use redis://host:port/db.'],
    [{ url: 'http://127.0.0.1:6379' }, 'url "http://127.0.0.1:6379" must start with redis:// or rediss://.'],
  ])('bad options are refused, naming the option: %j', (options, message) => {
    expect(() => redisSessionStore(options)).toThrow(message);
  });
});
