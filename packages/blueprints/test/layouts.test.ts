import { join } from 'node:path';
import { Flagon } from '@flagon/core';
import { describe, expect, test } from 'vitest';
import { Blueprint } from '../src/index.ts';
import { createApp } from './fixtures/shop/index.ts';

describe('package layout (the README example: frontend, admin, dashboard)', () => {
  test('every blueprint’s routes appear in app.routes() with their blueprint', () => {
    expect(createApp().routes()).toEqual([
      { endpoint: 'frontend.index', methods: ['GET', 'HEAD'], rule: '/', blueprint: 'frontend' },
      {
        endpoint: 'frontend.product',
        methods: ['GET', 'HEAD'],
        rule: '/products/<int:id>',
        blueprint: 'frontend',
      },
      {
        endpoint: 'admin.static',
        methods: ['GET', 'HEAD'],
        rule: '/admin/static/<path:filename>',
        blueprint: 'admin',
      },
      { endpoint: 'admin.index', methods: ['GET', 'HEAD'], rule: '/admin/', blueprint: 'admin' },
      {
        endpoint: 'admin.order',
        methods: ['GET', 'HEAD'],
        rule: '/admin/orders/<int:id>',
        blueprint: 'admin',
      },
      {
        endpoint: 'admin.dashboard.index',
        methods: ['GET', 'HEAD'],
        rule: '/admin/dashboard/',
        blueprint: 'admin.dashboard',
      },
      {
        endpoint: 'admin.dashboard.stats',
        methods: ['GET', 'HEAD'],
        rule: '/admin/dashboard/stats',
        blueprint: 'admin.dashboard',
      },
    ]);
  });

  test('frontend, admin behind its login check, and the nested dashboard', async () => {
    const client = createApp().testClient();
    expect((await client.get('/')).text).toBe('<a href="/products/1">Product 1</a>');
    expect((await client.get('/products/1')).json()).toEqual({ id: 1, admin: '/admin/' });
    expect((await client.get('/admin/')).location).toBe('/');
    expect((await client.get('/admin/dashboard/')).location).toBe('/');
    const staff = { headers: { 'x-user': 'ann' } };
    expect((await client.get('/admin/', staff)).text).toBe(
      '<link rel="stylesheet" href="/admin/static/admin.css"><h1>Hello, ann</h1>',
    );
    expect((await client.get('/admin/dashboard/', staff)).json()).toEqual({
      user: 'ann',
      stats: '/admin/dashboard/stats',
    });
    expect((await client.get('/admin/static/admin.css', staff)).status).toBe(200);
  });

  test('the admin 404 handler covers its views and the dashboard; a routing 404 is the app’s', async () => {
    const client = createApp().testClient();
    const staff = { headers: { 'x-user': 'ann' } };
    const missingOrder = await client.get('/admin/orders/2', staff);
    expect([missingOrder.status, missingOrder.text]).toEqual([404, 'No such admin page.']);
    const noRoute = await client.get('/admin/nothing', staff);
    expect(noRoute.status).toBe(404);
    expect(noRoute.text).not.toBe('No such admin page.');
  });

  test('template folders: the app’s first, then the admin blueprint’s', () => {
    const fixtures = join(import.meta.dirname, 'fixtures', 'shop');
    expect(createApp().templateFolders).toEqual([
      join(fixtures, 'templates'),
      join(fixtures, 'admin', 'templates'),
    ]);
  });
});

describe('single-module layout', () => {
  test('a blueprint defined next to the app in one file', async () => {
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    const api = new Blueprint('api', { urlPrefix: '/api/v1' });
    api.get('/hello/<name>', function hello(c) {
      return { hello: c.params.name, self: c.urlFor('.hello', { name: c.params.name }) };
    });
    app.get('/', function index(c) {
      return c.html(`<a href="${c.urlFor('api.hello', { name: 'world' })}">API</a>`);
    });
    app.register(api);
    const client = app.testClient();
    expect((await client.get('/')).text).toBe('<a href="/api/v1/hello/world">API</a>');
    expect((await client.get('/api/v1/hello/ann')).json()).toEqual({
      hello: 'ann',
      self: '/api/v1/hello/ann',
    });
  });
});
