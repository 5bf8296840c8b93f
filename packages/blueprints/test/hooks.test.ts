import { AsyncLocalStorage } from 'node:async_hooks';
import { Flagon, HTTPError } from '@flagon/core';
import { describe, expect, test } from 'vitest';
import { Blueprint } from '../src/index.ts';

type Env = { G: { lang?: string } };

/** An app with a parent blueprint and a child inside it, each recording its hooks into `log`. */
function nestedApp(log: string[]) {
  const app = new Flagon({ staticFolder: null, templateFolder: null });
  const parent = new Blueprint('parent', { urlPrefix: '/parent' });
  const child = new Blueprint('child', { urlPrefix: '/child' });
  for (const [scope, target] of [
    ['app', app],
    ['parent', parent],
    ['child', child],
  ] as const) {
    for (const n of [1, 2]) {
      target.beforeRequest(() => {
        log.push(`before ${scope} ${n}`);
      });
      target.afterRequest(() => {
        log.push(`after ${scope} ${n}`);
      });
      target.teardownRequest(() => {
        log.push(`teardown ${scope} ${n}`);
      });
    }
  }
  child.get('/', function index() {
    log.push('view');
    return 'ok';
  });
  parent.get('/', function index() {
    log.push('view');
    return 'ok';
  });
  parent.register(child);
  app.register(parent);
  app.get('/', function index() {
    log.push('view');
    return 'ok';
  });
  return app;
}

describe('hook order', () => {
  test('app, parent, child on the way in; child, parent, app on the way out (Flask order)', async () => {
    const log: string[] = [];
    const response = await nestedApp(log).testClient().get('/parent/child/');
    expect(response.text).toBe('ok');
    expect(log).toEqual([
      'before app 1',
      'before app 2',
      'before parent 1',
      'before parent 2',
      'before child 1',
      'before child 2',
      'view',
      'after child 2',
      'after child 1',
      'after parent 2',
      'after parent 1',
      'after app 2',
      'after app 1',
      'teardown child 2',
      'teardown child 1',
      'teardown parent 2',
      'teardown parent 1',
      'teardown app 2',
      'teardown app 1',
    ]);
  });

  test("a blueprint's hooks only run for its own requests", async () => {
    const log: string[] = [];
    const client = nestedApp(log).testClient();
    await client.get('/parent/');
    expect(log.filter((l) => l.startsWith('before'))).toEqual([
      'before app 1',
      'before app 2',
      'before parent 1',
      'before parent 2',
    ]);
    log.length = 0;
    await client.get('/');
    expect(log).toEqual([
      'before app 1',
      'before app 2',
      'view',
      'after app 2',
      'after app 1',
      'teardown app 2',
      'teardown app 1',
    ]);
  });

  test('app-wide variants registered from a blueprint run for every request', async () => {
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    const log: string[] = [];
    const bp = new Blueprint('bp', { urlPrefix: '/bp' });
    bp.beforeAppRequest((c) => {
      log.push(`before ${c.endpoint}`);
    });
    bp.afterAppRequest((_c, response) => {
      response.headers.set('x-app-wide', 'yes');
      return response;
    });
    bp.teardownAppRequest((c, error) => {
      log.push(`teardown ${c.endpoint} ${error === undefined ? 'ok' : 'error'}`);
    });
    bp.beforeRequest(() => {
      log.push('scoped');
    });
    bp.get('/', function index() {
      return 'bp';
    });
    app.get('/', function home() {
      return 'home';
    });
    app.register(bp);
    const response = await app.testClient().get('/');
    expect(response.headers.get('x-app-wide')).toBe('yes');
    expect(log).toEqual(['before home', 'teardown home ok']);
  });

  test('a before hook that returns a value ends the request', async () => {
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    const admin = new Blueprint('admin', { urlPrefix: '/admin' });
    admin.beforeRequest((c) => (c.req.header('x-user') ? undefined : c.redirect('/login')));
    admin.get('/', function index() {
      return 'secret';
    });
    app.register(admin);
    const client = app.testClient();
    expect((await client.get('/admin/')).location).toBe('/login');
    expect((await client.get('/admin/', { headers: { 'x-user': 'ann' } })).text).toBe('secret');
  });

  test('context processors: the blueprint’s apply to its requests, app-wide ones to all', async () => {
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    const bp = new Blueprint('shop', { urlPrefix: '/shop' });
    bp.contextProcessor(() => ({ section: 'shop' }));
    bp.appContextProcessor(() => ({ site: 'Flagon' }));
    bp.get('/', async function index(c) {
      const { section, site } = await c.app.templateContext(c);
      return { section, site };
    });
    app.get('/', async function home(c) {
      const { section, site } = await c.app.templateContext(c);
      return { section: section ?? null, site };
    });
    app.register(bp);
    const client = app.testClient();
    expect((await client.get('/shop/')).json()).toEqual({ section: 'shop', site: 'Flagon' });
    expect((await client.get('/')).json()).toEqual({ section: null, site: 'Flagon' });
  });
});

describe('error handlers', () => {
  class PaymentError extends Error {}

  function shop() {
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    const bp = new Blueprint('shop', { urlPrefix: '/shop' });
    const other = new Blueprint('other', { urlPrefix: '/other' });
    bp.errorHandler(404, (_e, c) => c.text(`shop 404 for ${c.endpoint}`, 404));
    bp.errorHandler(PaymentError, (e, c) => c.text(`shop payment: ${e.message}`, 402));
    app.errorHandler(404, (_e, c) => c.text(`app 404 (blueprint ${c.blueprint})`, 404));
    app.errorHandler(PaymentError, (e, c) => c.text(`app payment: ${e.message}`, 402));
    app.errorHandler(405, (_e, c) => c.text('app 405', 405));
    bp.get('/missing', function missing(c) {
      return c.abort(404);
    });
    bp.get('/pay', function pay() {
      throw new PaymentError('declined');
    });
    other.get('/missing', function missing(c) {
      return c.abort(404);
    });
    other.get('/pay', function pay() {
      throw new PaymentError('declined');
    });
    app.register(bp);
    app.register(other);
    return app.testClient();
  }

  test("an error in a blueprint's view goes to the blueprint's handler first", async () => {
    const client = shop();
    const notFound = await client.get('/shop/missing');
    expect([notFound.status, notFound.text]).toEqual([404, 'shop 404 for shop.missing']);
    const payment = await client.get('/shop/pay');
    expect([payment.status, payment.text]).toEqual([402, 'shop payment: declined']);
  });

  test('then the app’s, when the blueprint has none', async () => {
    const client = shop();
    expect((await client.get('/other/missing')).text).toBe('app 404 (blueprint other)');
    expect((await client.get('/other/pay')).text).toBe('app payment: declined');
  });

  test('a routing 404 or 405 belongs to no blueprint and goes to the app’s handler', async () => {
    const client = shop();
    expect((await client.get('/shop/nothing-here')).text).toBe('app 404 (blueprint null)');
    expect((await client.post('/shop/pay')).text).toBe('app 405');
  });

  test('a nested blueprint falls back to its parent, then the app; appErrorHandler is app-wide', async () => {
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    const parent = new Blueprint('parent', { urlPrefix: '/p' });
    const child = new Blueprint('child', { urlPrefix: '/c' });
    parent.errorHandler(HTTPError, (e, c) => c.text(`parent caught ${e.status}`, e.status));
    child.appErrorHandler(418, (_e, c) => c.text('teapot, app-wide', 418));
    child.get('/gone', function gone(c) {
      return c.abort(410);
    });
    child.get('/teapot', function teapot(c) {
      return c.abort(418);
    });
    app.get('/teapot', function teapot(c) {
      return c.abort(418);
    });
    parent.register(child);
    app.register(parent);
    const client = app.testClient();
    expect((await client.get('/p/c/gone')).text).toBe('parent caught 410');
    expect((await client.get('/teapot')).text).toBe('teapot, app-wide');
  });

  // Flask looks for a handler of the status code in every scope (blueprints, then app) before it
  // looks for a handler of the class, so the app's 418 handler wins over the blueprint's HTTPError one.
  test('Flask order: a code handler on the app beats a class handler on the blueprint', async () => {
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    const bp = new Blueprint('bp', { urlPrefix: '/bp' });
    bp.errorHandler(HTTPError, (e, c) => c.text(`bp class handler ${e.status}`, e.status));
    app.errorHandler(418, (_e, c) => c.text('app code handler', 418));
    bp.get('/teapot', function teapot(c) {
      return c.abort(418);
    });
    app.register(bp);
    expect((await app.testClient().get('/bp/teapot')).text).toBe('app code handler');
  });
});

describe('url value preprocessors and url defaults (Flask’s <lang> example)', () => {
  // Flask's urlDefaults hook reads g.lang_code; core's UrlDefaultsHook gets no context (a reported
  // core gap), so the request's language travels in an AsyncLocalStorage store entered by the
  // preprocessor. A module-level variable would mix up concurrent requests.
  function i18nApp() {
    const app = new Flagon<Env>({ staticFolder: null, templateFolder: null });
    const currentLang = new AsyncLocalStorage<string>();
    const bp = new Blueprint<Env>('frontend', { urlPrefix: '/<lang>' });
    bp.urlDefaults((endpoint, values) => {
      const lang = currentLang.getStore();
      if (values.lang === undefined && lang !== undefined && endpoint.startsWith('frontend.'))
        values.lang = lang;
    });
    bp.urlValuePreprocessor((_endpoint, values, c) => {
      c.g.lang = values.lang as string;
      currentLang.enterWith(c.g.lang);
      delete values.lang;
    });
    bp.get('/', async function index(c) {
      await new Promise((resolve) => setTimeout(resolve, c.g.lang === 'de' ? 20 : 0));
      return { lang: c.g.lang ?? null, params: c.params, about: c.urlFor('.about') };
    });
    bp.get('/about', function about(c) {
      return { lang: c.g.lang ?? null, home: c.urlFor('frontend.index') };
    });
    app.get('/', function home(c) {
      return { lang: c.g.lang ?? null, params: c.params, fr: c.urlFor('frontend.index', { lang: 'fr' }) };
    });
    app.register(bp);
    return app;
  }

  test('the <lang> prefix is popped into c.g and filled back in by urlDefaults', async () => {
    const client = i18nApp().testClient();
    const [de, fr] = await Promise.all([client.get('/de/'), client.get('/fr/')]);
    expect(de.json()).toEqual({ lang: 'de', params: {}, about: '/de/about' });
    expect(fr.json()).toEqual({ lang: 'fr', params: {}, about: '/fr/about' });
    expect((await client.get('/fr/about')).json()).toEqual({ lang: 'fr', home: '/fr/' });
    expect((await client.get('/')).json()).toEqual({ lang: null, params: {}, fr: '/fr/' });
  });

  test('scoped url hooks do not touch other routes; app-wide ones do', async () => {
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    const bp = new Blueprint('bp', { urlPrefix: '/bp' });
    const seen: (string | null)[] = [];
    bp.appUrlValuePreprocessor((endpoint) => {
      seen.push(endpoint);
    });
    bp.appUrlDefaults((_endpoint, values) => {
      values.v ??= '1';
    });
    bp.urlValuePreprocessor(() => {
      seen.push('scoped');
    });
    bp.get('/', function index() {
      return 'bp';
    });
    app.get('/', function home() {
      return 'home';
    });
    app.register(bp);
    await app.testClient().get('/');
    await app.testClient().get('/bp/');
    expect(seen).toEqual(['home', 'bp.index', 'scoped']);
    expect(app.urlFor('home')).toBe('/?v=1');
    expect(app.urlFor('bp.index')).toBe('/bp/?v=1');
  });
});

describe('a blueprint that owns its URL space (beyond Flask)', () => {
  function build(ownUrlSpace: boolean) {
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    app.errorHandler(404, () => ['app 404', 404]);
    app.errorHandler(405, () => ['app 405', 405]);
    const api = new Blueprint('api', { urlPrefix: '/api', ownUrlSpace });
    api.errorHandler(404, () => ({ error: 'no such endpoint' }));
    api.errorHandler(405, () => ({ error: 'wrong method' }));
    api.post('/items', function createItem() {
      return { created: true };
    });
    app.register(api);
    app.get('/apiary', function apiary() {
      return 'bees';
    });
    return app;
  }

  test('unmatched URLs and wrong methods under its prefix reach its own handlers', async () => {
    const app = build(true);
    const missing = await app.request('/api/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'no such endpoint' });
    const wrong = await app.request('/api/items');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toContain('POST');
    expect(await wrong.json()).toEqual({ error: 'wrong method' });
    // The prefix is a path segment: /apiary is not the blueprint's, and other URLs stay the app's.
    expect(await (await app.request('/apiary')).text()).toBe('bees');
    expect(await (await app.request('/apiaryx')).text()).toBe('app 404');
    expect(await (await app.request('/elsewhere')).text()).toBe('app 404');
  });

  test("without the option, routing errors stay the app's (Flask's behaviour)", async () => {
    const app = build(false);
    expect(await (await app.request('/api/nope')).text()).toBe('app 404');
    expect(await (await app.request('/api/items')).text()).toBe('app 405');
  });

  test('a registration can turn it on for one mount', async () => {
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    const bp = new Blueprint('docs');
    bp.errorHandler(404, () => 'docs 404');
    bp.get('/', function index() {
      return 'docs';
    });
    app.register(bp, { urlPrefix: '/v1', name: 'v1', ownUrlSpace: true });
    app.register(bp, { urlPrefix: '/v2', name: 'v2' });
    expect(await (await app.request('/v1/missing')).text()).toBe('docs 404');
    expect((await app.request('/v2/missing')).status).toBe(404);
    expect(await (await app.request('/v2/missing')).text()).not.toBe('docs 404');
  });
});
