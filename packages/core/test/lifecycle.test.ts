import { describe, expect, test } from 'vitest';
import { abort, Flagon, HTTPError, SetupError, weakSecretKeyReason } from '../src/index.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe('hooks', () => {
  test('before, after and teardown run in Flask order; teardown gets the error', async () => {
    const app = new Flagon({ staticFolder: null, logger: quiet });
    const seen: string[] = [];
    app.beforeRequest(() => void seen.push('before1'));
    app.beforeRequest(() => void seen.push('before2'));
    app.afterRequest((_c, res) => {
      seen.push('after1');
      return res;
    });
    app.afterRequest(() => void seen.push('after2'));
    app.teardownRequest(
      (_c, error) => void seen.push(`teardown:${error instanceof Error ? error.message : 'none'}`),
    );
    app.get('/', function index() {
      seen.push('view');
      return 'ok';
    });
    app.get('/fail', function fail() {
      throw new Error('bad');
    });
    await app.request('/');
    expect(seen).toEqual(['before1', 'before2', 'view', 'after2', 'after1', 'teardown:none']);
    seen.length = 0;
    expect((await app.request('/fail')).status).toBe(500);
    expect(seen).toEqual(['before1', 'before2', 'after2', 'after1', 'teardown:bad']);
  });

  test('a before-request hook that returns a value ends the request; an after hook may replace the response', async () => {
    const app = new Flagon({ staticFolder: null });
    app.beforeRequest((c) => (c.req.query('block') ? ['blocked', 403] : undefined));
    app.afterRequest((_c, res) => (res.status === 403 ? new Response('replaced', { status: 451 }) : res));
    app.get('/', function index() {
      return 'view';
    });
    expect(await (await app.request('/')).text()).toBe('view');
    const blocked = await app.request('/?block=1');
    expect([blocked.status, await blocked.text()]).toEqual([451, 'replaced']);
  });

  test('url value preprocessors change params before the view', async () => {
    const app = new Flagon({ staticFolder: null });
    app.urlValuePreprocessor((_endpoint, values, c) => {
      c.g.lang = values.lang;
      delete values.lang;
    });
    app.get('/<lang>/hello', function hello(c) {
      return { lang: c.g.lang, params: c.params };
    });
    expect(await (await app.request('/fr/hello')).json()).toEqual({ lang: 'fr', params: {} });
  });

  test('a teardown hook that throws is logged and the response still goes out', async () => {
    const errors: unknown[] = [];
    const app = new Flagon({
      staticFolder: null,
      logger: { ...quiet, error: (...a: unknown[]) => errors.push(a) },
    });
    app.teardownRequest(() => {
      throw new Error('teardown broke');
    });
    app.get('/', function index() {
      return 'ok';
    });
    expect(await (await app.request('/')).text()).toBe('ok');
    expect(errors).toHaveLength(1);
  });
});

describe('finalize', () => {
  test('runs after the after-request hooks and before the session is saved; a failure is answered by the error handlers and writes no session', async () => {
    const app = new Flagon({ staticFolder: null, logger: quiet, config: { SECRET_KEY: 'k'.repeat(32) } });
    const seen: string[] = [];
    app.afterRequest(() => void seen.push('after'));
    app.finalizeRequest((c, response, error) => {
      seen.push(`finalize:${response.status}:${error instanceof Error ? error.message : 'none'}`);
      if (c.req.query('fail')) throw new Error('commit failed');
    });
    app.errorHandler(500, () => ['handled', 500]);
    app.get('/', function index(c) {
      c.session.set('user', 'ann');
      return 'ok';
    });
    const ok = await app.request('/');
    expect(await ok.text()).toBe('ok');
    expect(ok.headers.get('set-cookie')).toContain('session=');
    expect(seen).toEqual(['after', 'finalize:200:none']);
    const failed = await app.request('/?fail=1');
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe('handled');
    expect(failed.headers.get('set-cookie')).toBeNull();
  });
});

describe('errors', () => {
  class PaymentError extends Error {}
  class CardDeclined extends PaymentError {}

  test('handlers by status code and by class (parent classes too); abort and HTTPError', async () => {
    const app = new Flagon({ staticFolder: null });
    app.errorHandler(404, (error) => `custom 404: ${error.message}`);
    app.errorHandler(PaymentError, (error) => [`payment: ${error.constructor.name}`, 402]);
    app.get('/missing', function missing() {
      abort(404, 'No such post.');
    });
    app.get('/card', function card() {
      throw new CardDeclined('no');
    });
    const missing = await app.request('/missing');
    expect([missing.status, await missing.text()]).toEqual([404, 'custom 404: No such post.']);
    const routing = await app.request('/nowhere');
    expect(routing.status).toBe(404);
    const card = await app.request('/card');
    expect([card.status, await card.text()]).toEqual([402, 'payment: CardDeclined']);
  });

  test('default error pages are HTML, or JSON when the client prefers it; 405 pages keep Allow', async () => {
    const app = new Flagon({ staticFolder: null });
    app.post('/only-post', function onlyPost() {
      return '';
    });
    const html = await app.request('/nope');
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toContain('<h1>Not Found</h1>');
    const json = await app.request('/nope', { headers: { accept: 'application/json' } });
    expect(await json.json()).toEqual({
      error: { status: 404, title: 'Not Found', message: expect.stringContaining('not found') },
    });
    const browser = await app.request('/nope', {
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(browser.headers.get('content-type')).toContain('text/html');
    const method = await app.request('/only-post');
    expect([method.status, method.headers.get('allow')]).toEqual([405, 'OPTIONS, POST']);
  });

  test('a 500 handler receives the original error as the cause', async () => {
    const app = new Flagon({ staticFolder: null, logger: quiet });
    app.errorHandler(500, (error) => `sorry (${((error as HTTPError).cause as Error).message})`);
    app.get('/', function index() {
      throw new TypeError('deep');
    });
    const r = await app.request('/');
    expect([r.status, await r.text()]).toEqual([500, 'sorry (deep)']);
  });

  test('HTTPError rejects statuses outside 400–599; errorHandler rejects bad codes', () => {
    expect(() => new HTTPError(200)).toThrow(/from 400 to 599, got 200/);
    const app = new Flagon({ staticFolder: null });
    expect(() => app.errorHandler(200, () => '')).toThrow(SetupError);
  });
});

describe('setup and extensions', () => {
  test('setup methods after the first request throw a clear error', async () => {
    const app = new Flagon({ staticFolder: null });
    app.get('/', function index() {
      return '';
    });
    await app.request('/');
    expect(() =>
      app.get('/late', function late() {
        return '';
      }),
    ).toThrow(/app.route\("\/late"\) was called after the app handled its first request/);
    expect(() => app.beforeRequest(() => undefined)).toThrow(SetupError);
    expect(Object.isFrozen(app.config)).toBe(true);
  });

  test('extensions set up once, provide request-scoped services, and run shutdown hooks', async () => {
    type Env = { Services: { clock: { now: number; calls: number } } };
    const app = new Flagon<Env>({ staticFolder: null });
    let created = 0;
    const shutdown: string[] = [];
    app.use({
      name: 'clock',
      setup(a) {
        a.provide('clock', () => ({ now: 42, calls: ++created }));
        a.onShutdown(() => void shutdown.push('clock closed'));
      },
    });
    expect(() => app.use({ name: 'clock', setup() {} })).toThrow(/"clock" is already registered/);
    app.get('/', function index(c) {
      const first = c.clock;
      return { now: first.now, same: first === c.clock, calls: c.clock.calls };
    });
    expect(await (await app.request('/')).json()).toEqual({ now: 42, same: true, calls: 1 });
    expect(await (await app.request('/')).json()).toEqual({ now: 42, same: true, calls: 2 });
    await app.shutdown();
    expect(shutdown).toEqual(['clock closed']);
  });

  test('a service is made at most once per request, even when it is undefined, and can be replaced', async () => {
    type Env = { Services: { user: { name: string } | undefined; stamp: number } };
    const app = new Flagon<Env>({ staticFolder: null });
    let lookups = 0;
    let stamps = 0;
    app.provide('user', () => {
      lookups++;
      return undefined;
    });
    app.provide('stamp', () => ++stamps);
    app.get('/', function index(c) {
      const before = [c.user, c.user, c.stamp];
      c.stamp = 100; // a view or hook may replace a service for the rest of its request
      return { before, after: c.stamp };
    });
    app.get('/assign-first', function assignFirst(c) {
      c.stamp = -1; // assigned before first use: the factory never runs
      return { stamp: c.stamp };
    });
    expect(await (await app.request('/')).json()).toEqual({ before: [null, null, 1], after: 100 });
    expect(lookups).toBe(1);
    expect(await (await app.request('/')).json()).toEqual({ before: [null, null, 2], after: 100 });
    expect(lookups).toBe(2);
    expect(await (await app.request('/assign-first')).json()).toEqual({ stamp: -1 });
    expect(stamps).toBe(2);
  });

  test('app commands are registered with a spec and listed by name', async () => {
    const app = new Flagon({ staticFolder: null });
    app.cli.command('init-db', { description: 'Create tables.' }, ({ print }) => print('done'));
    expect(() => app.cli.command('init-db', () => {})).toThrow(/already registered/);
    expect(() => app.cli.command('Bad Name', () => {})).toThrow(/must be lower-case words/);
    const lines: string[] = [];
    await app.cli.get('init-db')?.run({ args: {}, options: {}, print: (l) => lines.push(l) });
    expect(lines).toEqual(['done']);
    expect(app.cli.list().map((c) => c.name)).toEqual(['init-db']);
  });

  test('production refuses a missing or development SECRET_KEY; debug and real keys pass', () => {
    expect(() => new Flagon({ config: { SECRET_KEY: 'dev' } }).checkProductionReady()).toThrow(
      /Refusing to start in production \(DEBUG is off\): SECRET_KEY is the development value or placeholder "dev"/,
    );
    expect(() => new Flagon().checkProductionReady()).toThrow(/SECRET_KEY is not set/);
    expect(() =>
      new Flagon({ config: { SECRET_KEY: 'dev', DEBUG: true } }).checkProductionReady(),
    ).not.toThrow();
    expect(() =>
      new Flagon({ config: { SECRET_KEY: 'a8f5f167f44f4964e6c998dee827110c' } }).checkProductionReady(),
    ).not.toThrow();
  });

  test.each([
    ['Dev', /development value or placeholder "Dev"/],
    ['dev ', /development value or placeholder "dev "/],
    ['x', /is 1 byte long, under the 32 bytes required/],
    ['replace-me-with-a-long-random-value', /placeholder "replace-me-with-a-long-random-value"/],
    ['django-insecure-0123456789abcdef0123456789', /placeholder/],
    ['a8f5f167f44f4964e6c998dee82711', /is 30 bytes long, under the 32 bytes required/],
    ['x'.repeat(40), /is one character repeated/],
  ])('production refuses the weak SECRET_KEY %j and says how to make one', (key, reason) => {
    const app = new Flagon({ config: { SECRET_KEY: key } });
    expect(() => app.checkProductionReady()).toThrow(reason);
    expect(() => app.checkProductionReady()).toThrow(
      `node -e "console.log(crypto.randomBytes(32).toString('hex'))"`,
    );
  });

  test('the length rule counts UTF-8 bytes, not characters', () => {
    expect(weakSecretKeyReason(`${'é'.repeat(15)}ab`)).toBeUndefined();
    expect(weakSecretKeyReason(`${'é'.repeat(15)}a`)).toBe('is 31 bytes long, under the 32 bytes required');
  });
});

describe('error handler resolution', () => {
  test('a status-code handler in any scope wins over a class handler, as in Flask', async () => {
    const { HTTPError: E } = await import('../src/index.ts');
    const app = new Flagon({ staticFolder: null });
    app.errorHandler(418, () => 'app code handler');
    app.errorHandler(E, () => 'blueprint class handler', 'bp');
    app.route('/tea', { blueprint: 'bp', endpoint: 'bp.tea' }, function tea() {
      throw new E(418);
    });
    expect(await (await app.request('/tea')).text()).toBe('app code handler');
  });

  test('urlDefaults hooks receive the request context', async () => {
    const app = new Flagon({ staticFolder: null });
    app.urlValuePreprocessor((_e, values, c) => {
      c.g.lang = values.lang;
    });
    app.urlDefaults((_endpoint, values, c) => {
      if (values.lang === undefined && c) values.lang = c.g.lang;
    });
    app.get('/<lang>/a', function a(c) {
      return c.urlFor('b');
    });
    app.get('/<lang>/b', function b() {
      return '';
    });
    expect(await (await app.request('/de/a')).text()).toBe('/de/b');
  });
});

describe('extension typing', () => {
  test('an extension written for any app can be used on a typed app', async () => {
    const generic: import('../src/index.ts').Extension = {
      name: 'stamp',
      setup(app) {
        app.afterRequest((_c, res) => {
          res.headers.set('x-stamp', 'yes');
          return res;
        });
      },
    };
    const app = new Flagon<{ G: { user?: string }; Config: { SITE: string } }>({
      staticFolder: null,
      config: { SITE: 'x' },
    });
    app.use(generic);
    app.get('/', function index(c) {
      return c.config.SITE;
    });
    expect((await app.request('/')).headers.get('x-stamp')).toBe('yes');
  });
});
