import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { Flagon } from '@flagon/core';
import { describe, expect, test, vi } from 'vitest';
import { rendererOf, templates } from '../src/index.ts';
import { folderWith, quietLogger } from './helpers.ts';

async function appWith(files: Record<string, string>, config: Record<string, unknown> = {}) {
  const root = await folderWith(
    Object.fromEntries(Object.entries(files).map(([k, v]) => [`templates/${k}`, v])),
  );
  const logger = quietLogger();
  const app = new Flagon({ root, logger, config: { SECRET_KEY: 'test-secret', ...config } });
  return { app, root, logger };
}

describe('with a Flagon app', () => {
  test("c.render renders from the app's templates folder", async () => {
    const { app } = await appWith({ 'index.html': '<h1><%= it.title %></h1>' });
    app.use(templates());
    app.get('/', function index(c) {
      return c.render('index.html', { title: 'Hi <you>' });
    });
    const response = await app.testClient().get('/');
    expect(response.status).toBe(200);
    expect(response.text).toBe('<h1>Hi &lt;you&gt;</h1>');
    expect(response.headers.get('content-type')).toContain('text/html');
  });

  test('the app folder overrides a blueprint folder pushed after it', async () => {
    const { app } = await appWith({ 'bp/page.html': 'app override' });
    const bp = await folderWith({ 'bp/page.html': 'blueprint', 'bp/other.html': 'blueprint other' });
    app.use(templates());
    app.templateFolders.push(bp);
    app.get('/a', function a(c) {
      return c.render('bp/page.html');
    });
    app.get('/b', function b(c) {
      return c.render('bp/other.html');
    });
    const client = app.testClient();
    expect((await client.get('/a')).text).toBe('app override');
    expect((await client.get('/b')).text).toBe('blueprint other');
  });

  test('globals: urlFor, static, config, request, g, session and flashed messages', async () => {
    const { app } = await appWith(
      {
        'g.html': [
          '<a href="<%= it.urlFor("post", { id: 3 }) %>">',
          '<link href="<%= it.static("app.css") %>">',
          '<%= it.config.SITE %>|<%= it.request.path %>|<%= it.g.user %>|<%= it.session.get("n") %>',
          '<% for (const m of it.getFlashedMessages()) { %>[<%= m %>]<% } %>',
        ].join('\n'),
      },
      { SITE: 'Flaskr' },
    );
    app.use(templates());
    app.get('/post/<int:id>', function post() {
      return 'post';
    });
    app.post('/flash', function flash(c) {
      c.flash('Saved <ok>');
      c.session.set('n', 7);
      return 'ok';
    });
    app.get('/', function index(c) {
      (c.g as Record<string, unknown>).user = 'ada';
      return c.render('g.html');
    });
    const client = app.testClient();
    await client.post('/flash');
    const html = (await client.get('/')).text;
    expect(html).toBe(
      // Eta trims the newline after a tag (autoTrim 'nl').
      ['<a href="/post/3">', '<link href="/static/app.css">', 'Flaskr|/|ada|7[Saved &lt;ok&gt;]'].join('\n'),
    );
  });

  test('context processors of the app and of the blueprint add values; the view wins', async () => {
    const { app } = await appWith({ 'p.html': '<%= it.site %>|<%= it.section ?? "none" %>|<%= it.who %>' });
    app.use(templates());
    app.contextProcessor(() => ({ site: 'Flaskr', who: 'processor' }));
    app.addHook('contextProcessor', async () => ({ section: 'Admin' }), 'bp');
    app.get('/', function index(c) {
      return c.render('p.html');
    });
    app.get('/bp/x', { blueprint: 'bp', endpoint: 'bp.x' }, (c) => c.render('p.html', { who: 'view' }));
    const client = app.testClient();
    expect((await client.get('/')).text).toBe('Flaskr|none|processor');
    expect((await client.get('/bp/x')).text).toBe('Flaskr|Admin|view');
  });

  test('filters from options and addFilter, next to the built-ins', async () => {
    const { app } = await appWith({
      'f.html':
        '<%= money(it.price) %> <%= shout(it.name) %> <%= truncate("a b c d e f", 5) %> <%= filters["x-y"]() %>',
    });
    const extension = templates({ filters: { money: (n: number) => `$${n.toFixed(2)}` } });
    extension.addFilter('shout', (s: string) => `${s.toUpperCase()}!`);
    app.use(extension);
    extension.addFilter('x-y', () => 'dash');
    expect(() => extension.addFilter('block', () => '')).toThrow('cannot be a filter name');
    app.get('/', function index(c) {
      return c.render('f.html', { price: 3, name: 'ada' });
    });
    expect((await app.testClient().get('/')).text).toBe('$3.00 ADA! a... dash');
    expect(() => extension.addFilter('late', () => '')).toThrow(
      'addFilter("late") was called after the app handled its first request.',
    );
  });

  test('static() adds a content hash when enabled, read once in production', async () => {
    const { app, root } = await appWith({
      's.html': '<%= it.static("app.css") %> <%= it.static("missing.css") %>',
    });
    await mkdir(`${root}/static`);
    await writeFile(`${root}/static/app.css`, 'body { color: red }');
    const hash = createHash('sha256').update('body { color: red }').digest('hex').slice(0, 8);
    app.use(templates({ staticHash: true }));
    app.get('/', function index(c) {
      return c.render('s.html');
    });
    const client = app.testClient();
    expect((await client.get('/')).text).toBe(`/static/app.css?v=${hash} /static/missing.css`);
    await writeFile(`${root}/static/app.css`, 'body { color: blue }');
    expect((await client.get('/')).text).toBe(`/static/app.css?v=${hash} /static/missing.css`);
  });

  test('static() re-reads the hash in debug mode', async () => {
    const { app, root } = await appWith({ 's.html': '<%= it.static("app.css") %>' }, { DEBUG: true });
    await mkdir(`${root}/static`);
    await writeFile(`${root}/static/app.css`, 'a');
    app.use(templates({ staticHash: true }));
    app.get('/', function index(c) {
      return c.render('s.html');
    });
    const client = app.testClient();
    const first = (await client.get('/')).text;
    await writeFile(`${root}/static/app.css`, 'b');
    const second = (await client.get('/')).text;
    expect(first).not.toBe(second);
    expect(second).toMatch(/^\/static\/app\.css\?v=[0-9a-f]{8}$/);
  });

  test('rendererOf(app) renders outside a request', async () => {
    const { app } = await appWith({ 'mail.txt': 'Hello <%= it.name %>, see <%= it.static("x.png") %>' });
    app.use(templates());
    expect(rendererOf(app).render('mail.txt', { name: 'Ada & co' })).toBe(
      'Hello Ada & co, see /static/x.png',
    );
  });
});

describe('caching', () => {
  test('production: compiled templates are kept; editing the file changes nothing', async () => {
    const { app, root } = await appWith({ 'c.html': 'v1' });
    app.use(templates());
    app.get('/', function index(c) {
      return c.render('c.html');
    });
    const client = app.testClient();
    expect((await client.get('/')).text).toBe('v1');
    await writeFile(`${root}/templates/c.html`, 'v2');
    expect((await client.get('/')).text).toBe('v1');
  });

  test('production: after the first render, rendering touches no file', async () => {
    const { app } = await appWith({
      'base.html': '<%~ block("x") %>',
      'p.html': '<% layout("base.html") %><% block("x", () => { %><%~ include("i.html") %><% }) %>',
      'i.html': 'i',
    });
    app.use(templates());
    app.get('/', function index(c) {
      return c.render('p.html');
    });
    const client = app.testClient();
    expect((await client.get('/')).text).toBe('i');
    const fs = process.getBuiltinModule('node:fs');
    const stat = vi.spyOn(fs, 'statSync');
    const read = vi.spyOn(fs, 'readFileSync');
    try {
      expect((await client.get('/')).text).toBe('i');
      expect(stat).not.toHaveBeenCalled();
      expect(read).not.toHaveBeenCalled();
    } finally {
      stat.mockRestore();
      read.mockRestore();
    }
  });

  test('debug: an edited file is picked up on the next request', async () => {
    const { app, root } = await appWith(
      { 'c.html': 'v1', 'base.html': '[<%~ block("x") %>]' },
      { DEBUG: true },
    );
    await writeFile(`${root}/templates/p.html`, '<% layout("base.html") %><% block("x", () => { %>p<% }) %>');
    app.use(templates());
    app.get('/', function index(c) {
      return c.render('c.html');
    });
    app.get('/p', function p(c) {
      return c.render('p.html');
    });
    const client = app.testClient();
    expect((await client.get('/')).text).toBe('v1');
    expect((await client.get('/p')).text).toBe('[p]');
    await new Promise((resolve) => setTimeout(resolve, 15));
    await writeFile(`${root}/templates/c.html`, 'v2');
    await writeFile(`${root}/templates/base.html`, '{<%~ block("x") %>}');
    expect((await client.get('/')).text).toBe('v2');
    expect((await client.get('/p')).text).toBe('{p}');
  });
});

describe('errors through the app', () => {
  const broken = {
    'broken.html': '<ul>\n<% for (const x of it.items) { %>\n  <li><%= x.name + %></li>\n<% } %>\n</ul>',
  };
  const throwing = { 'throws.html': '<p>\n<%= it.user.name %>\n</p>' };

  test('debug: a syntax error shows the file, line and code frame', async () => {
    const { app, root } = await appWith(broken, { DEBUG: true });
    app.use(templates());
    app.get('/', function index(c) {
      return c.render('broken.html', { items: [] });
    });
    const response = await app.testClient().get('/');
    expect(response.status).toBe(500);
    expect(response.text).toContain(
      `Syntax error in template ${root}/templates/broken.html, line 3: Unexpected token`,
    );
    expect(response.text).toContain('<pre class="code-frame">');
    expect(response.text).toContain('&gt; 3 |   &lt;li&gt;&lt;%= x.name + %&gt;&lt;/li&gt;');
  });

  test('debug: an exception while rendering shows the file and line', async () => {
    const { app, root } = await appWith(throwing, { DEBUG: true });
    app.use(templates());
    app.get('/', function index(c) {
      return c.render('throws.html', {});
    });
    const response = await app.testClient().get('/');
    expect(response.status).toBe(500);
    expect(response.text).toContain(`Error rendering ${root}/templates/throws.html, line 2: TypeError:`);
    expect(response.text).toContain('&gt; 2 | &lt;%= it.user.name %&gt;');
  });

  test('production: a plain 500 that shows nothing of the template', async () => {
    const { app, logger } = await appWith(throwing);
    app.use(templates());
    app.get('/', function index(c) {
      return c.render('throws.html', {});
    });
    const response = await app.testClient().get('/');
    expect(response.status).toBe(500);
    expect(response.text).not.toContain('throws.html');
    expect(response.text).not.toContain('it.user');
    expect(logger.errors).toHaveLength(1);
  });

  test('an HTTPError thrown while rendering keeps its status', async () => {
    const { app } = await appWith({ 'a.html': '<%= it.post() %>' });
    app.use(templates());
    app.get('/', function index(c) {
      return c.render('a.html', { post: () => c.abort(404) });
    });
    expect((await app.testClient().get('/')).status).toBe(404);
  });

  test('a missing template through the app lists the folders searched (debug page)', async () => {
    const { app, root } = await appWith({}, { DEBUG: true });
    app.use(templates());
    app.templateFolders.push('/nonexistent/bp/templates');
    app.get('/', function index(c) {
      return c.render('nope.html');
    });
    const text = (await app.testClient().get('/')).text;
    expect(text).toContain('Template &quot;nope.html&quot; not found. Searched, in order:');
    expect(text).toContain(`  ${root}/templates\n  /nonexistent/bp/templates`);
  });
});
