import { Flagon, SetupError } from '@flagon/core';
import { describe, expect, test } from 'vitest';
import { Blueprint, BlueprintError } from '../src/index.ts';

describe('routes', () => {
  test('endpoints are named blueprint.view and rules get the prefix', async () => {
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    const auth = new Blueprint('auth', { urlPrefix: '/auth' });
    auth.get('/login', function login() {
      return 'login page';
    });
    auth.post('/login', { endpoint: 'doLogin' }, () => 'logged in');
    auth.route('/logout', { methods: ['GET', 'POST'] }, function logout() {
      return 'bye';
    });
    auth.put('/me', function putMe() {
      return 'put';
    });
    auth.patch('/me', function patchMe() {
      return 'patch';
    });
    auth.delete('/me', function deleteMe() {
      return 'delete';
    });
    app.get('/', function index() {
      return 'home';
    });
    app.register(auth);

    const client = app.testClient();
    expect((await client.get('/auth/login')).text).toBe('login page');
    expect((await client.post('/auth/login')).text).toBe('logged in');
    expect((await client.post('/auth/logout')).text).toBe('bye');
    expect((await client.put('/auth/me')).text).toBe('put');
    expect((await client.patch('/auth/me')).text).toBe('patch');
    expect((await client.delete('/auth/me')).text).toBe('delete');
    expect(app.urlFor('auth.login')).toBe('/auth/login');
    expect(
      app
        .routes()
        .filter((r) => r.blueprint === 'auth')
        .map((r) => [r.endpoint, r.rule]),
    ).toEqual([
      ['auth.login', '/auth/login'],
      ['auth.doLogin', '/auth/login'],
      ['auth.logout', '/auth/logout'],
      ['auth.putMe', '/auth/me'],
      ['auth.patchMe', '/auth/me'],
      ['auth.deleteMe', '/auth/me'],
    ]);
    expect(app.routes().find((r) => r.endpoint === 'index')?.blueprint).toBeNull();
  });

  test('prefixes join without double slashes; "" is the prefix itself', async () => {
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    const bp = new Blueprint('admin', { urlPrefix: 'admin/' });
    bp.get('', function root() {
      return 'root';
    });
    bp.get('/', function slash() {
      return 'slash';
    });
    bp.get('/users', function users() {
      return 'users';
    });
    app.register(bp);
    expect(app.routes().map((r) => r.rule)).toEqual(['/admin/', '/admin/', '/admin/users']);
    const prefixOnly = new Blueprint('p', { urlPrefix: '/p' });
    prefixOnly.get('', function root() {
      return 'p-root';
    });
    app.register(prefixOnly);
    expect((await app.testClient().get('/p')).text).toBe('p-root');
    expect((await app.testClient().get('/admin/users')).text).toBe('users');
  });

  test("a registration's urlPrefix overrides the blueprint's; '' mounts it at the root", () => {
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    const bp = new Blueprint('admin', { urlPrefix: '/admin' });
    bp.get('/users', function users() {
      return '';
    });
    app.register(bp, { urlPrefix: '' });
    app.register(bp, { name: 'staff', urlPrefix: '/staff' });
    expect(app.urlFor('admin.users')).toBe('/users');
    expect(app.urlFor('staff.users')).toBe('/staff/users');
  });

  test('relative urlFor resolves inside the blueprint of the request', async () => {
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    const blog = new Blueprint('blog', { urlPrefix: '/blog' });
    blog.get('/', function index(c) {
      return { self: c.urlFor('.index'), post: c.urlFor('.post', { id: 3 }), home: c.urlFor('index') };
    });
    blog.get('/<int:id>', function post(c) {
      return { id: c.params.id };
    });
    app.get('/', function index(c) {
      return { relative: c.urlFor('.index') };
    });
    app.register(blog);
    const client = app.testClient();
    expect((await client.get('/blog/')).json()).toEqual({ self: '/blog/', post: '/blog/3', home: '/' });
    expect((await client.get('/')).json()).toEqual({ relative: '/' });
    expect((await client.get('/blog/3')).json()).toEqual({ id: 3 });
  });

  test('the route ref names the endpoint of the first registration', () => {
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    const bp = new Blueprint('shop', { urlPrefix: '/shop' });
    const item = bp.get('/item/<int:id>', function item() {
      return 'item';
    });
    expect(item.endpoint).toBe('.item');
    app.register(bp);
    expect(item).toMatchObject({ endpoint: 'shop.item', rule: '/item/<int:id>' });
    expect(app.urlFor(item, { id: 7 })).toBe('/shop/item/7');
  });

  test('urlDefaults fill params the URL does not carry, per blueprint and per registration', async () => {
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    const pages = new Blueprint('pages', { urlDefaults: { page: 'home', kind: 'page' } });
    pages.get('/', function show(c) {
      return c.params;
    });
    pages.get('/<page>', { endpoint: 'showNamed' }, function show(c) {
      return c.params;
    });
    app.register(pages, { urlPrefix: '/pages' });
    app.register(pages, { name: 'docs', urlPrefix: '/docs', urlDefaults: { kind: 'doc' } });
    const client = app.testClient();
    expect((await client.get('/pages/')).json()).toEqual({ page: 'home', kind: 'page' });
    expect((await client.get('/pages/about')).json()).toEqual({ page: 'about', kind: 'page' });
    expect((await client.get('/docs/')).json()).toEqual({ page: 'home', kind: 'doc' });
    expect(app.urlFor('docs.show')).toBe('/docs/');
    expect(app.urlFor('pages.showNamed', { page: 'faq' })).toBe('/pages/faq');
  });
});

describe('names and setup', () => {
  test('a blueprint name may not contain a dot or be empty', () => {
    expect(() => new Blueprint('admin.users')).toThrow(/may not contain a dot/);
    expect(() => new Blueprint('')).toThrow(/may not be empty/);
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    expect(() => app.register(new Blueprint('ok'), { name: 'a.b' })).toThrow(BlueprintError);
    expect(() => new Blueprint('x').route('/a', { endpoint: 'a.b' }, () => '')).toThrow(
      /endpoint "a.b" may not contain a dot/,
    );
  });

  test('a view without a name needs an endpoint; a rule without a slash needs a prefix', () => {
    const bp = new Blueprint('x');
    expect(() => bp.get('/a', () => '')).toThrow(/no name to use as its endpoint/);
    bp.get('a', function a() {
      return '';
    });
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    expect(() => app.register(bp)).toThrow(/must start with "\/"/);
  });

  test("a rule without a leading slash joins the prefix, as Flask's test_blueprint_prefix_slash", async () => {
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    const bp = new Blueprint('foo', { urlPrefix: '/foo/' });
    bp.get('bar', function bar() {
      return 'bar';
    });
    app.register(bp);
    expect(app.urlFor('foo.bar')).toBe('/foo/bar');
    const response = await app.request('/foo/bar');
    expect(await response.text()).toBe('bar');
  });

  test('setup methods throw after the blueprint was registered (Flask message)', () => {
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    const bp = new Blueprint('late');
    bp.get('/', function index() {
      return '';
    });
    app.register(bp);
    let caught: unknown;
    try {
      bp.get('/more', function more() {
        return '';
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BlueprintError);
    expect(caught).toBeInstanceOf(SetupError);
    expect(caught).toMatchObject({ code: 'blueprint_setup_finished', blueprint: 'late' });
    expect((caught as Error).message).toContain(
      "The setup method 'route' can no longer be called on the blueprint 'late'",
    );
    expect(() => bp.beforeRequest(() => undefined)).toThrow(/'beforeRequest' can no longer/);
    expect(() => bp.errorHandler(404, () => '')).toThrow(/'errorHandler' can no longer/);
    expect(() => bp.register(new Blueprint('child'))).toThrow(/'register' can no longer/);
  });

  test('subdomains are refused with a clear error (core has no subdomain routing)', () => {
    expect(() => new Blueprint('api', { subdomain: 'api' })).toThrow(/no subdomain routing/);
  });

  test('bad hooks and error keys fail at once', () => {
    const bp = new Blueprint('x');
    expect(() => bp.beforeRequest('nope' as never)).toThrow(/needs a function/);
    expect(() => bp.errorHandler(200, () => '')).toThrow(/from 400 to 599/);
    expect(() => bp.register({} as never)).toThrow(/needs a Flagon app or a blueprint/);
  });
});
