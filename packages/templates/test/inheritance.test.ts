import { describe, expect, test } from 'vitest';
import { createRenderer, TemplateError } from '../src/index.ts';
import { catchError, folderWith } from './helpers.ts';

const BASE = [
  '<title><%~ block("title", () => { %>Flaskr<% }) %></title>',
  '<header><%~ block("header", () => { %><h1>Default header</h1><% }) %></header>',
  '<main><%~ block("content") %></main>',
  '<footer><%~ block("footer", () => { %>(c) Flaskr<% }) %></footer>',
].join('\n');

function squash(html: string): string {
  return html.replace(/\n+/g, '\n').trim();
}

describe('layouts and blocks', () => {
  test('a page fills several blocks; the ones it does not fill keep their default', async () => {
    const dir = await folderWith({
      'base.html': BASE,
      'auth/login.html': [
        '<% layout("base.html") %>',
        '<% block("title", () => { %>Log In<% }) %>',
        '<% block("content", () => { %><form><%= it.user %></form><% }) %>',
        'text outside blocks is ignored',
      ].join('\n'),
    });
    const html = createRenderer({ folders: [dir] }).render('auth/login.html', { user: '<ada>' });
    expect(squash(html)).toBe(
      [
        '<title>Log In</title>',
        '<header><h1>Default header</h1></header>',
        '<main><form>&lt;ada&gt;</form></main>',
        '<footer>(c) Flaskr</footer>',
      ].join('\n'),
    );
  });

  test("parent() and superBlock() print the layout's version of the block", async () => {
    const dir = await folderWith({
      'base.html': BASE,
      'page.html': [
        '<% layout("base.html") %>',
        '<% block("title", () => { %>About - <%~ parent() %><% }) %>',
        '<% block("footer", () => { %><%~ superBlock() %> | contact<% }) %>',
        '<% block("content", () => { %>about<% }) %>',
      ].join('\n'),
    });
    const html = createRenderer({ folders: [dir] }).render('page.html');
    expect(html).toContain('<title>About - Flaskr</title>');
    expect(html).toContain('<footer>(c) Flaskr | contact</footer>');
    expect(html).toContain('<main>about</main>');
  });

  test('layouts extend layouts (3 levels), with parent() through each level', async () => {
    const dir = await folderWith({
      'base.html': BASE,
      'layouts/blog.html': [
        '<% layout("base.html") %>',
        '<% block("title", () => { %>Blog - <%~ parent() %><% }) %>',
        '<% block("content", () => { %><article><%~ block("article") %></article><aside><%~ block("sidebar", () => { %>recent posts<% }) %></aside><% }) %>',
      ].join('\n'),
      'blog/post.html': [
        '<% layout("layouts/blog.html") %>',
        '<% block("title", () => { %><%= it.post.title %> | <%~ parent() %><% }) %>',
        '<% block("article", () => { %><h2><%= it.post.title %></h2><% }) %>',
        '<% block("sidebar", () => { %><%~ parent() %>, tags<% }) %>',
      ].join('\n'),
    });
    const html = createRenderer({ folders: [dir] }).render('blog/post.html', {
      post: { title: 'Hello & bye' },
    });
    expect(squash(html)).toBe(
      [
        '<title>Hello &amp; bye | Blog - Flaskr</title>',
        '<header><h1>Default header</h1></header>',
        '<main><article><h2>Hello &amp; bye</h2></article><aside>recent posts, tags</aside></main>',
        '<footer>(c) Flaskr</footer>',
      ].join('\n'),
    );
  });

  test('layout data is seen by the layout', async () => {
    const dir = await folderWith({
      'base.html': '<nav class="<%= it.active %>"></nav><%~ block("content") %>',
      'page.html':
        '<% layout("base.html", { active: "home" }) %><% block("content", () => { %><%= it.name %><% }) %>',
    });
    expect(createRenderer({ folders: [dir] }).render('page.html', { name: 'x' })).toBe(
      '<nav class="home"></nav>x',
    );
  });

  test('a block can be printed with <%= %> without being escaped twice', async () => {
    const dir = await folderWith({
      'base.html': '<%= block("content") %>',
      'page.html': '<% layout("base.html") %><% block("content", () => { %><b><%= it.x %></b><% }) %>',
    });
    expect(createRenderer({ folders: [dir] }).render('page.html', { x: '<' })).toBe('<b>&lt;</b>');
  });

  test('parent() outside a block is an error naming the line', async () => {
    const dir = await folderWith({ 'page.html': 'a\n<%~ parent() %>' });
    const error = catchError(() => createRenderer({ folders: [dir] }).render('page.html'));
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as Error).message).toBe(
      `Error rendering ${dir}/page.html, line 2: Error: parent() can only be called inside a block(...) that overrides a block of a layout.`,
    );
  });

  test('an error inside a block names the page that defines it, not the layout', async () => {
    const dir = await folderWith({
      'base.html': 'one\ntwo\n<%~ block("content") %>',
      'page.html': '<% layout("base.html") %>\n<% block("content", () => { %>\n<%= it.user.name %>\n<% }) %>',
    });
    const error = catchError(() => createRenderer({ folders: [dir] }).render('page.html', {}));
    expect(error).toMatchObject({ code: 'render_error', file: `${dir}/page.html`, line: 3 });
  });
});

describe('includes', () => {
  test('a partial gets its own data on top of the page data', async () => {
    const dir = await folderWith({
      'list.html':
        '<ul><% for (const item of it.items) { %><%~ include("partials/item.html", { item }) %><% } %></ul>',
      'partials/item.html': '<li class="<%= it.cls %>"><%= it.item.name %></li>',
    });
    const html = createRenderer({ folders: [dir] }).render('list.html', {
      cls: 'x',
      items: [{ name: 'a<' }, { name: 'b' }],
    });
    expect(html).toBe('<ul><li class="x">a&lt;</li><li class="x">b</li></ul>');
  });

  test('the include data does not leak back into the page', async () => {
    const dir = await folderWith({
      'page.html': '<%~ include("p.html", { name: "inner" }) %>|<%= it.name %>',
      'p.html': '<%= it.name %>',
    });
    expect(createRenderer({ folders: [dir] }).render('page.html', { name: 'outer' })).toBe('inner|outer');
  });

  test('includes use the search path, and can use layouts of their own', async () => {
    const app = await folderWith({ 'page.html': '<%~ include("widget.html") %>' });
    const bp = await folderWith({
      'widget.html': '<% layout("frame.html") %><% block("body", () => { %>w<% }) %>',
      'frame.html': '[<%~ block("body") %>]',
    });
    expect(createRenderer({ folders: [app, bp] }).render('page.html')).toBe('[w]');
  });

  test("an include inside a block keeps the page's blocks working", async () => {
    const dir = await folderWith({
      'base.html': '<%~ block("a") %>/<%~ block("b", () => { %>B<% }) %>',
      'page.html':
        '<% layout("base.html") %><% block("a", () => { %><%~ include("p.html") %><% }) %><% block("b", () => { %><%~ parent() %>2<% }) %>',
      'p.html': '<%~ block("a", () => { %>p<% }) %>',
    });
    expect(createRenderer({ folders: [dir] }).render('page.html')).toBe('p/B2');
  });
});
