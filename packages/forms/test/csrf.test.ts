import { Flagon } from '@flagon/core';
import { describe, expect, test } from 'vitest';
import { CSRF_MESSAGES, CSRFError, checkCsrfToken, csrf, csrfField, csrfToken } from '../src/index.ts';
import { makeApp, tokenOf } from './app.ts';

const valid = { username: 'ada', email: 'ada@example.com', age: '36', agree: 'y', color: 'red' };

async function page(client: ReturnType<Flagon['testClient']>) {
  const res = await client.get('/signup');
  expect(res.status).toBe(200);
  return tokenOf(res.text);
}

describe('CSRF on form posts', () => {
  test('a form post with the page token passes', async () => {
    const { app, written } = makeApp();
    const client = app.testClient();
    const token = await page(client);
    const res = await client.post('/signup', { form: { ...valid, csrf_token: token } });
    expect(res.status).toBe(303);
    expect(written).toEqual([{ ...valid, age: 36, agree: true, bio: undefined }]);
  });

  test('a multipart post with the token passes', async () => {
    const { app, written } = makeApp();
    const client = app.testClient();
    const token = await page(client);
    const body = new FormData();
    for (const [k, v] of Object.entries({ ...valid, csrf_token: token })) body.append(k, v);
    const res = await client.post('/signup', { body });
    expect(res.status).toBe(303);
    expect(written).toHaveLength(1);
  });

  test.each([
    ['missing', {}],
    ['forged', { csrf_token: 'abc.def.ghi' }],
    ['empty', { csrf_token: '' }],
  ])('a %s token is a 400 that says why, and nothing is written', async (_kind, extra) => {
    const { app, written } = makeApp();
    const client = app.testClient();
    await page(client);
    const res = await client.post('/signup', { form: { ...valid, ...extra } });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/The CSRF token is (missing|invalid)\./);
    expect(written).toEqual([]);
  });

  test('a token signed with another key is invalid', async () => {
    const other = makeApp({ SECRET_KEY: 'other-secret' });
    const foreign = tokenOf((await other.app.testClient().get('/signup')).text);
    const { app, written } = makeApp();
    const client = app.testClient();
    await page(client);
    const res = await client.post('/signup', { form: { ...valid, csrf_token: foreign } });
    expect(res.status).toBe(400);
    expect(res.text).toContain(CSRF_MESSAGES.invalid);
    expect(written).toEqual([]);
  });

  test("another session's token does not match", async () => {
    const { app, written } = makeApp();
    const mine = app.testClient();
    await page(mine);
    const theirs = await page(app.testClient());
    const res = await mine.post('/signup', { form: { ...valid, csrf_token: theirs } });
    expect(res.status).toBe(400);
    expect(res.text).toContain(CSRF_MESSAGES.mismatch);
    expect(written).toEqual([]);
  });

  test('a token without a session token is refused', async () => {
    const { app, written } = makeApp();
    const token = await page(app.testClient());
    const res = await app.testClient().post('/signup', { form: { ...valid, csrf_token: token } });
    expect(res.status).toBe(400);
    expect(res.text).toContain(CSRF_MESSAGES.session_missing);
    expect(written).toEqual([]);
  });

  test('an expired token is refused (CSRF_TIME_LIMIT)', async () => {
    const { app, written } = makeApp({ CSRF_TIME_LIMIT: 60 });
    const client = app.testClient();
    await page(client);
    // Sign the session's own raw token with a time two minutes ago.
    const session = await client.session();
    expect(session).toEqual({ _csrf_token: expect.any(String) });
    const old = await app.signer('flagon.csrf').sign(session._csrf_token as string, Date.now() - 120_000);
    const res = await client.post('/signup', { form: { ...valid, csrf_token: old } });
    expect(res.status).toBe(400);
    expect(res.text).toContain(CSRF_MESSAGES.expired);
    expect(written).toEqual([]);
    const fresh = await app.signer('flagon.csrf').sign(session._csrf_token as string, Date.now() - 30_000);
    expect((await client.post('/signup', { form: { ...valid, csrf_token: fresh } })).status).toBe(303);
  });

  test('timeLimit null never expires', async () => {
    const { app } = makeApp({}, { timeLimit: null });
    const client = app.testClient();
    await page(client);
    const raw = (await client.session())._csrf_token as string;
    const old = await app.signer('flagon.csrf').sign(raw, Date.now() - 10 * 365 * 86_400_000);
    expect((await client.post('/signup', { form: { ...valid, csrf_token: old } })).status).toBe(303);
  });

  test('a token sent twice is refused', async () => {
    const { app, written } = makeApp();
    const client = app.testClient();
    const token = await page(client);
    const body = new URLSearchParams({ ...valid, csrf_token: token });
    body.append('csrf_token', token);
    const res = await client.post('/signup', { body });
    expect(res.status).toBe(400);
    expect(res.text).toContain(CSRF_MESSAGES.duplicate);
    expect(written).toEqual([]);
  });

  test('every unsafe method is checked; GET, HEAD and OPTIONS are not', async () => {
    const { app, written } = makeApp();
    const client = app.testClient();
    expect((await client.request('DELETE', '/api/items')).status).toBe(400);
    expect((await client.request('OPTIONS', '/api/items')).status).toBe(200);
    expect((await client.request('HEAD', '/signup')).status).toBe(200);
    expect(written).toEqual([]);
  });

  test('an oversized token is invalid without further work', async () => {
    const { app, written } = makeApp();
    const client = app.testClient();
    await page(client);
    const res = await client.post('/signup', { form: { ...valid, csrf_token: 'x'.repeat(5000) } });
    expect(res.status).toBe(400);
    expect(written).toEqual([]);
  });
});

describe('CSRF via the header (fetch, HTMX)', () => {
  test('X-CSRF-Token passes a JSON post and a DELETE', async () => {
    const { app, written } = makeApp();
    const client = app.testClient();
    const { token } = (await client.get('/token')).json<{ token: string }>();
    const res = await client.post('/api/items', { json: { name: 'x' }, headers: { 'X-CSRF-Token': token } });
    expect(res.status).toBe(200);
    const del = await client.request('DELETE', '/api/items', { headers: { 'x-csrftoken': token } });
    expect(del.status).toBe(200);
    expect(written).toEqual([{ name: 'x' }, 'deleted']);
  });

  test('a JSON post without the header is a 400 (JSON when asked for)', async () => {
    const { app, written } = makeApp();
    const client = app.testClient();
    await client.get('/token');
    const res = await client.post('/api/items', {
      json: { name: 'x', csrf_token: 'ignored-in-json' },
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain(CSRF_MESSAGES.missing);
    expect(written).toEqual([]);
  });
});

describe('exemptions', () => {
  test('an exempt endpoint takes posts without a token; others do not', async () => {
    const { app, written } = makeApp();
    const client = app.testClient();
    expect((await client.post('/webhook', { body: 'event' })).status).toBe(200);
    expect((await client.post('/hooks/other', { body: 'event' })).status).toBe(400);
    expect(written).toEqual(['event']);
  });

  test('a route ref, the options, and blueprints (with nested ones) can be exempt', async () => {
    const app = new Flagon({ staticFolder: null, templateFolder: null, config: { SECRET_KEY: 's' } });
    const protection = csrf({ exempt: ['api'] });
    app.use(protection);
    const hits: string[] = [];
    const ref = app.post('/ref', function viaRef() {
      hits.push('ref');
      return 'ok';
    });
    protection.exempt(ref);
    function viaFunction() {
      hits.push('fn');
      return 'ok';
    }
    app.post('/fn', viaFunction);
    protection.exempt(viaFunction);
    app.route('/api/a', { methods: ['POST'], blueprint: 'api', endpoint: 'api.a' }, () => {
      hits.push('api');
      return 'ok';
    });
    app.route('/api/v2/b', { methods: ['POST'], blueprint: 'api.v2', endpoint: 'api.v2.b' }, () => {
      hits.push('api.v2');
      return 'ok';
    });
    app.route('/apiary', { methods: ['POST'], blueprint: 'apiary', endpoint: 'apiary.c' }, () => {
      hits.push('apiary');
      return 'ok';
    });
    const client = app.testClient();
    expect((await client.post('/ref')).status).toBe(200);
    expect((await client.post('/fn')).status).toBe(200);
    expect((await client.post('/api/a')).status).toBe(200);
    expect((await client.post('/api/v2/b')).status).toBe(200);
    expect((await client.post('/apiary')).status).toBe(400);
    expect(hits).toEqual(['ref', 'fn', 'api', 'api.v2']);
    expect(() => protection.exempt('late')).toThrow(/after the app handled its first request/);
  });

  test('CSRF_ENABLED false turns the check off (tests)', async () => {
    const { app, written } = makeApp({ CSRF_ENABLED: false });
    expect((await app.testClient().post('/api/items', { json: { a: 1 } })).status).toBe(200);
    expect(written).toEqual([{ a: 1 }]);
  });
});

describe('token rotation', () => {
  test('logging in rotates the token: the old one stops working, the new one works', async () => {
    const { app, written } = makeApp();
    const client = app.testClient();
    const before = await page(client);
    const rawBefore = (await client.session())._csrf_token;
    const login = await client.post('/login', { headers: { 'X-CSRF-Token': before } });
    expect(login.status).toBe(200);
    const { token: after } = login.json<{ token: string }>();
    expect((await client.session())._csrf_token).not.toBe(rawBefore);
    expect((await client.post('/signup', { form: { ...valid, csrf_token: before } })).status).toBe(400);
    expect(written).toEqual([]);
    expect((await client.post('/signup', { form: { ...valid, csrf_token: after } })).status).toBe(303);
    expect(written).toHaveLength(1);
  });

  test('tokens are stable per request and per session, and are signed', async () => {
    const { app } = makeApp();
    const client = app.testClient();
    const a = await page(client);
    const b = await page(client);
    expect(a.split('.')[0]).toBe(b.split('.')[0]);
    expect(a.split('.')).toHaveLength(3);
  });
});

describe('Origin and Referer over HTTPS', () => {
  const https = { baseUrl: 'https://shop.example' };

  test('same origin passes; a foreign or missing origin is a 400', async () => {
    const { app, written } = makeApp();
    const client = app.testClient(https);
    const { token } = (await client.get('/token')).json<{ token: string }>();
    const post = (headers: Record<string, string>) =>
      client.post('/api/items', { json: { n: 1 }, headers: { 'X-CSRF-Token': token, ...headers } });
    expect((await post({ origin: 'https://shop.example' })).status).toBe(200);
    expect((await post({ referer: 'https://shop.example/cart' })).status).toBe(200);
    const foreign = await post({ origin: 'https://evil.example' });
    expect(foreign.status).toBe(400);
    expect(foreign.text).toContain(CSRF_MESSAGES.origin_mismatch);
    const http = await post({ origin: 'http://shop.example' });
    expect(http.status).toBe(400);
    const none = await post({});
    expect(none.text).toContain(CSRF_MESSAGES.referrer_missing);
    const badReferer = await post({ referer: 'https://evil.example/x' });
    expect(badReferer.text).toContain(CSRF_MESSAGES.referrer_mismatch);
    expect(written).toEqual([{ n: 1 }, { n: 1 }]);
  });

  test('trusted origins (options or CSRF_TRUSTED_ORIGINS) pass', async () => {
    const { app } = makeApp({ CSRF_TRUSTED_ORIGINS: ['admin.example'] });
    const client = app.testClient(https);
    const { token } = (await client.get('/token')).json<{ token: string }>();
    const res = await client.post('/api/items', {
      json: {},
      headers: { 'X-CSRF-Token': token, origin: 'https://admin.example' },
    });
    expect(res.status).toBe(200);
  });

  test('behind a trusted proxy (PROXY_FIX) the forwarded scheme and host are the own origin', async () => {
    const { app, written } = makeApp({ PROXY_FIX: { for: 1, proto: 1, host: 1 } });
    const client = app.testClient({ baseUrl: 'http://10.0.0.5:8000' });
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'shop.example' };
    const { token } = (await client.get('/token', { headers: forwarded })).json<{ token: string }>();
    const post = (headers: Record<string, string>) =>
      client.post('/api/items', {
        json: { n: 2 },
        headers: { 'X-CSRF-Token': token, ...forwarded, ...headers },
      });
    expect((await post({ origin: 'https://shop.example' })).status).toBe(200);
    const internal = await post({ origin: 'http://10.0.0.5:8000' });
    expect([internal.status, internal.text.includes(CSRF_MESSAGES.origin_mismatch)]).toEqual([400, true]);
    // Over forwarded HTTPS the check runs even though the hop to the app was plain HTTP.
    expect((await post({})).text).toContain(CSRF_MESSAGES.referrer_missing);
    expect(written).toEqual([{ n: 2 }]);
  });

  test('without PROXY_FIX, forwarded headers are ignored by the origin check', async () => {
    const { app } = makeApp({}, { checkOrigin: 'always' });
    const client = app.testClient({ baseUrl: 'http://shop.example' });
    const { token } = (await client.get('/token')).json<{ token: string }>();
    const res = await client.post('/api/items', {
      json: {},
      headers: { 'X-CSRF-Token': token, 'x-forwarded-host': 'evil.example', origin: 'http://evil.example' },
    });
    expect(res.text).toContain(CSRF_MESSAGES.origin_mismatch);
  });

  test('plain HTTP is not origin-checked by default; checkOrigin "always" checks it, false never', async () => {
    const plain = makeApp();
    const c1 = plain.app.testClient();
    const t1 = (await c1.get('/token')).json<{ token: string }>().token;
    expect((await c1.post('/api/items', { json: {}, headers: { 'X-CSRF-Token': t1 } })).status).toBe(200);
    const always = makeApp({}, { checkOrigin: 'always' });
    const c2 = always.app.testClient();
    const t2 = (await c2.get('/token')).json<{ token: string }>().token;
    expect((await c2.post('/api/items', { json: {}, headers: { 'X-CSRF-Token': t2 } })).status).toBe(400);
    const off = makeApp({}, { checkOrigin: false });
    const c3 = off.app.testClient(https);
    const t3 = (await c3.get('/token')).json<{ token: string }>().token;
    expect((await c3.post('/api/items', { json: {}, headers: { 'X-CSRF-Token': t3 } })).status).toBe(200);
  });
});

describe('errors and helpers', () => {
  test('CSRFError is an HTTPError 400 with a reason, and can be handled', async () => {
    const { app, written } = makeApp();
    app.errorHandler(CSRFError, (error) => [`refused: ${error.reason}`, 400]);
    const res = await app.testClient().post('/api/items', { json: {} });
    expect(res.status).toBe(400);
    expect(res.text).toBe('refused: missing');
    expect(written).toEqual([]);
    expect(new CSRFError('expired').status).toBe(400);
  });

  test('csrfToken, csrfField and checkCsrfToken work in any view', async () => {
    const app = new Flagon({ staticFolder: null, templateFolder: null, config: { SECRET_KEY: 's' } });
    app.get('/', async function index(c) {
      const token = await csrfToken(c);
      const field = await csrfField(c);
      return {
        same: token === (await csrfToken(c)),
        field: String(field),
        check: await checkCsrfToken(c, token, 3600),
        forged: await checkCsrfToken(c, `${token}x`, 3600),
      };
    });
    const body = (await app.testClient().get('/')).json<Record<string, unknown>>();
    expect(body.same).toBe(true);
    expect(body.field).toMatch(/^<input type="hidden" name="csrf_token" value="[\w.-]+">$/);
    expect(body.check).toBeUndefined();
    expect(body.forged).toBe('invalid');
  });
});
