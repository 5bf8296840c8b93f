import { Flagon } from '@flagon/core';
import { describe, expect, test } from 'vitest';
import { Blueprint, type BlueprintRegistration } from '../src/index.ts';

function newApp() {
  return new Flagon({ staticFolder: null, templateFolder: null });
}

describe('registering twice', () => {
  test('the same blueprint twice without a name is a clear error', () => {
    const app = newApp();
    const auth = new Blueprint('auth', { urlPrefix: '/auth' });
    auth.get('/login', function login() {
      return 'login';
    });
    app.register(auth);
    expect(() => app.register(auth, { urlPrefix: '/other' })).toThrow(
      'The name "auth" is already registered for this blueprint (blueprint "auth" (prefix "/auth"; routes /login)). ' +
        'To register it again, give the second registration another name: { name: "auth_2" }.',
    );
  });

  test('with a distinct name both URL sets are served, with their own endpoints', async () => {
    const app = newApp();
    const pages = new Blueprint('pages');
    pages.get('/<slug>', function show(c) {
      return { endpoint: c.endpoint, blueprint: c.blueprint, self: c.urlFor('.show', { slug: 'x' }) };
    });
    app.register(pages, { urlPrefix: '/en' });
    app.register(pages, { urlPrefix: '/fr', name: 'pagesFr' });
    const client = app.testClient();
    expect((await client.get('/en/a')).json()).toEqual({
      endpoint: 'pages.show',
      blueprint: 'pages',
      self: '/en/x',
    });
    expect((await client.get('/fr/a')).json()).toEqual({
      endpoint: 'pagesFr.show',
      blueprint: 'pagesFr',
      self: '/fr/x',
    });
    expect([...app.blueprints.keys()]).toEqual(['pages', 'pagesFr']);
    const second = app.blueprints.get('pagesFr') as BlueprintRegistration;
    expect(second).toMatchObject({
      name: 'pagesFr',
      blueprint: pages,
      urlPrefix: '/fr',
      firstRegistration: false,
    });
    expect((app.blueprints.get('pages') as BlueprintRegistration).firstRegistration).toBe(true);
  });

  test('two different blueprints with one name: the message names both', () => {
    const app = newApp();
    const first = new Blueprint('admin', { urlPrefix: '/admin', root: '/srv/shop' });
    first.get('/users', function users() {
      return '';
    });
    const second = new Blueprint('admin', { urlPrefix: '/backoffice' });
    second.get('/orders', function orders() {
      return '';
    });
    app.register(first);
    expect(() => app.register(second)).toThrow(
      'Cannot register blueprint "admin" (prefix "/backoffice"; routes /orders) as "admin": the name is already ' +
        'taken by a different blueprint, blueprint "admin" (prefix "/admin"; routes /users; root /srv/shop). ' +
        'Rename one of them, or register this one with { name: "..." }.',
    );
    app.register(second, { name: 'backoffice' });
    expect(app.urlFor('backoffice.orders')).toBe('/backoffice/orders');
  });

  test('app-wide hooks and handlers from a blueprint are added once per app', async () => {
    const app = newApp();
    const calls: string[] = [];
    const bp = new Blueprint('bp');
    bp.get('/', function index() {
      return 'ok';
    });
    bp.beforeAppRequest(() => {
      calls.push('app-wide');
    });
    bp.beforeRequest((c) => {
      calls.push(`scoped ${c.blueprint}`);
    });
    app.register(bp, { urlPrefix: '/one' });
    app.register(bp, { urlPrefix: '/two', name: 'two' });
    await app.testClient().get('/two/');
    expect(calls).toEqual(['app-wide', 'scoped two']);
  });
});

describe('nesting', () => {
  test('endpoints are parent.child.view and prefixes join', async () => {
    const app = newApp();
    const parent = new Blueprint('parent', { urlPrefix: '/parent/' });
    const child = new Blueprint('child', { urlPrefix: '/child' });
    const grandchild = new Blueprint('grandchild');
    grandchild.get('/deep', function deep(c) {
      return { blueprint: c.blueprint, self: c.urlFor('.deep'), up: c.urlFor('parent.child.index') };
    });
    child.get('/', function index() {
      return 'child index';
    });
    parent.get('/', function index() {
      return 'parent index';
    });
    child.register(grandchild, { urlPrefix: 'gc' });
    parent.register(child);
    app.register(parent);

    expect(app.routes().map((r) => [r.endpoint, r.rule, r.blueprint])).toEqual([
      ['parent.index', '/parent/', 'parent'],
      ['parent.child.index', '/parent/child/', 'parent.child'],
      ['parent.child.grandchild.deep', '/parent/child/gc/deep', 'parent.child.grandchild'],
    ]);
    expect([...app.blueprints.keys()]).toEqual(['parent', 'parent.child', 'parent.child.grandchild']);
    expect(app.blueprints.get('parent.child')).toMatchObject({
      parent: 'parent',
      urlPrefix: '/parent/child',
    });
    expect((await app.testClient().get('/parent/child/gc/deep')).json()).toEqual({
      blueprint: 'parent.child.grandchild',
      self: '/parent/child/gc/deep',
      up: '/parent/child/',
    });
  });

  test('a nested blueprint may be renamed and re-prefixed, and registered on the app directly too', () => {
    const app = newApp();
    const parent = new Blueprint('api', { urlPrefix: '/api' });
    const users = new Blueprint('users', { urlPrefix: '/users' });
    users.get('/', function list() {
      return [];
    });
    parent.register(users, { name: 'people', urlPrefix: '/people' });
    app.register(parent);
    app.register(users);
    expect(app.urlFor('api.people.list')).toBe('/api/people/');
    expect(app.urlFor('users.list')).toBe('/users/');
  });

  test('a blueprint cannot contain itself', () => {
    const a = new Blueprint('a');
    const b = new Blueprint('b');
    expect(() => a.register(a)).toThrow(/cannot be registered on itself/);
    a.register(b);
    expect(() => b.register(a)).toThrow(/"b" is already inside it/);
  });

  test('registering onto a parent after it was registered is an error, as in Flask', () => {
    const app = newApp();
    const parent = new Blueprint('parent');
    app.register(parent);
    expect(() => parent.register(new Blueprint('late'))).toThrow(
      /The setup method 'register' can no longer be called on the blueprint 'parent'/,
    );
  });

  test('the parent prefix applies when the child has none', () => {
    const app = newApp();
    const parent = new Blueprint('p', { urlPrefix: '/p' });
    const child = new Blueprint('c');
    child.get('/x', function x() {
      return '';
    });
    parent.register(child);
    app.register(parent);
    expect(app.urlFor('p.c.x')).toBe('/p/x');
  });
});
