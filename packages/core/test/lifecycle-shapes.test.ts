import { describe, expect, test } from 'vitest';
import { abort, Flagon, fulfilled, HTTPError, PENDING, valueNow } from '../src/index.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const KEY = 'lifecycle-test-secret-key-0123456789abcdef';

/**
 * One app, two shapes: without hooks (every empty phase left out) and with a hook in every phase
 * that changes nothing. Each request must answer the same in both, so the fast path and the full
 * path cannot drift apart.
 */
function makeApp(shape: 'bare' | 'hooked') {
  const app = new Flagon({
    staticFolder: null,
    templateFolder: null,
    logger: quiet,
    config: { SECRET_KEY: KEY },
  });
  const seen: string[] = [];
  if (shape === 'hooked') {
    app.urlValuePreprocessor(() => void seen.push('preprocess'));
    app.beforeRequest(async () => void seen.push('before'));
    app.afterRequest((_c, response) => {
      seen.push('after');
      return response;
    });
    app.finalizeRequest(async () => void seen.push('finalize'));
    app.teardownRequest(() => void seen.push('teardown'));
  }
  app.errorHandler(410, () => 'gone, handled');
  app.get('/', function index() {
    return 'hello';
  });
  app.get('/async', async function later() {
    return { later: true };
  });
  app.get('/login', function login(c) {
    c.session.set('user', 'ann');
    c.flash('welcome');
    return c.redirect('/me');
  });
  app.get('/me', function me(c) {
    return { user: c.session.get('user') ?? null, flashes: c.getFlashedMessages() };
  });
  app.post('/only-post', function onlyPost() {
    return 'posted';
  });
  app.get('/boom', function boom() {
    throw new Error('boom');
  });
  app.get('/gone', function gone() {
    abort(410);
  });
  app.get('/nothing', function nothing() {
    return undefined as never;
  });
  app.get('/bad-header', function badHeader() {
    return ['x', 200, { 'x-bad': 'a\r\nSet-Cookie: x=1' }] as never;
  });
  app.get('/tuple', function tuple() {
    return ['created', 201, { 'x-id': '7' }];
  });
  app.get('/ready', function ready() {
    return fulfilled({ ready: true });
  });
  app.get('/ready-nothing', function readyNothing() {
    return fulfilled(undefined) as never;
  });
  app.get('/ready-gone', function readyGone() {
    return Promise.reject(new HTTPError(410));
  });
  return { app, seen };
}

async function summary(response: Response) {
  return {
    status: response.status,
    body: await response.text(),
    location: response.headers.get('location'),
    allow: response.headers.get('allow'),
    xid: response.headers.get('x-id'),
    cookie: response.headers.get('set-cookie') !== null,
  };
}

async function walk(app: Flagon) {
  const client = app.testClient();
  const out: Record<string, unknown> = {};
  out.index = await summary(await app.request('/'));
  out.async = await summary(await app.request('/async'));
  out.head = await summary(await app.request('/', { method: 'HEAD' }));
  out.missing = (await app.request('/missing')).status;
  out.method = await summary(await app.request('/only-post'));
  out.options = (await app.request('/only-post', { method: 'OPTIONS' })).headers.get('allow');
  out.boom = (await app.request('/boom')).status;
  out.gone = await summary(await app.request('/gone'));
  out.nothing = await summary(await app.request('/nothing'));
  out.badHeader = (await app.request('/bad-header')).status;
  out.tuple = await summary(await app.request('/tuple'));
  out.ready = await summary(await app.request('/ready'));
  out.readyNothing = (await app.request('/ready-nothing')).status;
  out.readyGone = await summary(await app.request('/ready-gone'));
  const login = await client.get('/login');
  out.login = { status: login.status, cookie: login.headers.get('set-cookie') !== null };
  const me = await client.get('/me');
  out.me = await me.json();
  out.meAgain = await (await client.get('/me')).json();
  return out;
}

describe('one lifecycle, two app shapes', () => {
  test('an app without hooks and one with a hook in every phase answer every request alike', async () => {
    const bare = makeApp('bare');
    const hooked = makeApp('hooked');
    const a = await walk(bare.app);
    const b = await walk(hooked.app);
    expect(a).toEqual(b);
    expect(a.index).toMatchObject({ status: 200, body: 'hello', cookie: false });
    expect(a.head).toMatchObject({ status: 200, body: '' });
    expect(a.missing).toBe(404);
    expect(a.method).toMatchObject({ status: 405, allow: 'OPTIONS, POST' });
    expect(a.boom).toBe(500);
    expect(a.gone).toMatchObject({ status: 410, body: 'gone, handled' });
    expect(a.nothing).toMatchObject({ status: 500 });
    expect(a.badHeader).toBe(500);
    expect(a.tuple).toMatchObject({ status: 201, body: 'created', xid: '7' });
    expect(a.ready).toMatchObject({ status: 200, body: '{"ready":true}' });
    expect(a.readyNothing).toBe(500);
    expect(a.readyGone).toMatchObject({ status: 410, body: 'gone, handled' });
    expect(a.login).toEqual({ status: 302, cookie: true });
    expect(a.me).toEqual({ user: 'ann', flashes: ['welcome'] });
    expect(a.meAgain).toEqual({ user: 'ann', flashes: [] });
    // The hooked shape really ran every phase, in order.
    hooked.seen.length = 0;
    await hooked.app.request('/');
    expect(hooked.seen).toEqual(['preprocess', 'before', 'after', 'finalize', 'teardown']);
  });

  test('a synchronous view on an app without hooks is answered without a promise', () => {
    const { app } = makeApp('bare');
    const response = app.fetch(new Request('http://localhost/'));
    expect(response).toBeInstanceOf(Response);
  });

  test('a view returning a promise made by fulfilled() is answered without waiting, in both shapes', async () => {
    const bare = makeApp('bare').app;
    const ready = bare.fetch(new Request('http://localhost/ready'));
    expect(ready).toBeInstanceOf(Response);
    expect(await (ready as Response).json()).toEqual({ ready: true });
    // Any other promise is waited for, as before.
    expect(bare.fetch(new Request('http://localhost/async'))).toBeInstanceOf(Promise);
    // With hooks that return promises the request waits for them, and the answer is the same.
    const hooked = makeApp('hooked');
    const later = hooked.app.fetch(new Request('http://localhost/ready'));
    expect(later).toBeInstanceOf(Promise);
    expect(await (await later).json()).toEqual({ ready: true });
  });
});

describe('fulfilled() and valueNow()', () => {
  test('the value of the promise fulfilled() made last can be read at once', async () => {
    const first = fulfilled({ id: 1 });
    expect(valueNow(first)).toEqual({ id: 1 });
    expect(await first).toEqual({ id: 1 });
    const second = fulfilled(null);
    expect(valueNow(second)).toBeNull();
    // Only the last one: the first must now be waited for, and still holds its value.
    expect(valueNow(first)).toBe(PENDING);
    expect(await first).toEqual({ id: 1 });
  });

  test('other promises are never read at once', async () => {
    expect(valueNow(Promise.resolve(1))).toBe(PENDING);
    const inner = Promise.resolve(2);
    const same = fulfilled(inner); // a promise given to fulfilled() is returned as it is
    expect(same).toBe(inner);
    expect(valueNow(same)).toBe(PENDING);
    // A thenable settles when it chooses: its value is never read at once, even if it calls back now.
    // biome-ignore lint/suspicious/noThenProperty: the test needs a thenable that is not a Promise
    const thenable = { then: (resolve: (value: number) => void) => resolve(5) };
    const adopted = fulfilled(thenable);
    expect(valueNow(adopted)).toBe(PENDING);
    expect(await adopted).toBe(5);
    const rejected = Promise.reject(new Error('no'));
    expect(valueNow(rejected)).toBe(PENDING);
    await expect(rejected).rejects.toThrow('no');
  });
});

describe('teardown, as Flask passes errors to it', () => {
  function app() {
    const a = new Flagon({ staticFolder: null, templateFolder: null, logger: quiet });
    const errors: unknown[] = [];
    a.teardownRequest((_c, error) => void errors.push(error));
    a.errorHandler(410, () => 'handled');
    a.errorHandler(ValueError, () => ['bad value', 400]);
    a.get('/handled', function handled() {
      abort(410);
    });
    a.get('/class-handled', function classHandled() {
      throw new ValueError('x');
    });
    a.get('/unhandled', function unhandled() {
      throw new Error('boom');
    });
    a.get('/ok', function ok() {
      return 'ok';
    });
    return { a, errors };
  }
  class ValueError extends Error {}

  test('receives nothing for a handled error, an HTTP error page, or a good request', async () => {
    const { a, errors } = app();
    expect((await a.request('/handled')).status).toBe(410);
    expect((await a.request('/class-handled')).status).toBe(400);
    expect((await a.request('/missing')).status).toBe(404);
    expect((await a.request('/ok')).status).toBe(200);
    expect(errors).toEqual([undefined, undefined, undefined, undefined]);
  });

  test('receives the error that no handler answered, even when a 500 handler renders the page', async () => {
    const { a, errors } = app();
    a.errorHandler(500, () => 'sorry');
    const response = await a.request('/unhandled');
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('sorry');
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('boom');
  });

  test('finalize hooks see the raised error even when it was handled (a transaction rolls back)', async () => {
    const a = new Flagon({ staticFolder: null, templateFolder: null, logger: quiet });
    const seen: unknown[] = [];
    a.finalizeRequest(
      (_c, _response, error) => void seen.push(error instanceof HTTPError ? error.status : error),
    );
    a.errorHandler(404, () => 'not here');
    a.get('/gone', function gone() {
      abort(404);
    });
    await a.request('/gone');
    expect(seen).toEqual([404]);
  });
});

describe('TESTING propagates unhandled errors', () => {
  test('the test client sees the real error after teardown ran; handled errors still answer', async () => {
    const app = new Flagon({
      staticFolder: null,
      templateFolder: null,
      logger: quiet,
      config: { TESTING: true },
    });
    const torn: unknown[] = [];
    app.teardownRequest((_c, error) => void torn.push(error));
    app.get('/boom', function boom() {
      throw new RangeError('the real error');
    });
    app.get('/missing-thing', function missingThing() {
      abort(404);
    });
    await expect(app.request('/boom')).rejects.toThrow('the real error');
    await expect(app.testClient().get('/boom')).rejects.toBeInstanceOf(RangeError);
    expect(torn).toHaveLength(2);
    expect((await app.request('/missing-thing')).status).toBe(404);
  });

  test('PROPAGATE_EXCEPTIONS: false keeps the 500 page in testing', async () => {
    const app = new Flagon({
      staticFolder: null,
      templateFolder: null,
      logger: quiet,
      config: { TESTING: true, PROPAGATE_EXCEPTIONS: false },
    });
    app.get('/boom', function boom() {
      throw new Error('x');
    });
    expect((await app.request('/boom')).status).toBe(500);
  });
});

describe('the runtime environment', () => {
  test("app.fetch's second argument is c.env", async () => {
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    app.get('/', function index(c) {
      return { region: (c.env as { REGION?: string } | undefined)?.REGION ?? null };
    });
    const response = await app.fetch(new Request('http://localhost/'), { REGION: 'eu' });
    expect(await response.json()).toEqual({ region: 'eu' });
    expect(await (await app.request('/')).json()).toEqual({ region: null });
  });
});
