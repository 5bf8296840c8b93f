import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Flagon } from '@flagon/core';
import { listen, type RunningServer } from '@flagon/core/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Blueprint } from '../src/index.ts';

const fixtures = join(import.meta.dirname, 'fixtures');

describe('templates', () => {
  test("a blueprint's templates folder is searched after the app's, once however often it is registered", () => {
    const app = new Flagon({ root: '/srv/app', staticFolder: null });
    const admin = new Blueprint('admin', {
      root: join(fixtures, 'shop', 'admin'),
      templateFolder: 'templates',
    });
    const blog = new Blueprint('blog', { templateFolder: '/srv/blog/templates' });
    const plain = new Blueprint('plain');
    app.register(admin);
    app.register(admin, { name: 'admin2' });
    app.register(blog);
    app.register(plain);
    expect(app.templateFolders).toEqual([
      '/srv/app/templates',
      join(fixtures, 'shop', 'admin', 'templates'),
      '/srv/blog/templates',
    ]);
  });

  test('without root, relative folders resolve against the working directory', () => {
    const bp = new Blueprint('x', { templateFolder: 'tpl', staticFolder: 'pub' });
    expect(bp.templateFolder).toBe(join(process.cwd(), 'tpl'));
    expect(bp.staticFolder).toBe(join(process.cwd(), 'pub'));
    expect(new Blueprint('y').staticFolder).toBeNull();
  });
});

describe('static files over HTTP', () => {
  let server: RunningServer;

  beforeAll(async () => {
    const app = new Flagon({ staticFolder: null, templateFolder: null, config: { DEBUG: true } });
    const admin = new Blueprint('admin', {
      urlPrefix: '/admin',
      root: join(fixtures, 'shop', 'admin'),
      staticFolder: 'static',
    });
    admin.get('/', function index(c) {
      return { css: c.urlFor('.static', { filename: 'admin.css' }) };
    });
    const assets = new Blueprint('assets', {
      staticFolder: join(fixtures, 'shop', 'admin', 'static'),
      staticUrlPath: '/files/',
    });
    app.register(admin);
    app.register(assets, { urlPrefix: '/shop' });
    server = await listen(app, { port: 0, host: '127.0.0.1', handleSignals: false });
  });

  afterAll(async () => {
    await server?.close();
  });

  test('served under the prefix with the endpoint bp.static', async () => {
    const page = await fetch(`${server.url}/admin/`);
    expect(await page.json()).toEqual({ css: '/admin/static/admin.css' });
    const css = await fetch(`${server.url}/admin/static/admin.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toBe(
      readFileSync(join(fixtures, 'shop', 'admin', 'static', 'admin.css'), 'utf8'),
    );
    const gif = await fetch(`${server.url}/admin/static/img/logo.gif`);
    expect([gif.status, gif.headers.get('content-type')]).toEqual([200, 'image/gif']);
  });

  test('a custom staticUrlPath under a registration prefix', async () => {
    const css = await fetch(`${server.url}/shop/files/admin.css`);
    expect(css.status).toBe(200);
    expect(await css.text()).toContain('rebeccapurple');
  });

  test('traversal attempts and missing files are 404', async () => {
    for (const path of [
      '/admin/static/..%2f..%2fpackage.json',
      '/admin/static/..%2F..%2F..%2Fpackage.json',
      '/admin/static/img/..%2f..%2f..%2ffiles.test.ts',
      '/admin/static/%2e%2e/%2e%2e/package.json',
      '/admin/static/missing.css',
      '/admin/static/img',
    ]) {
      const response = await fetch(`${server.url}${path}`);
      expect([path, response.status]).toEqual([path, 404]);
      await response.body?.cancel();
    }
  });
});
