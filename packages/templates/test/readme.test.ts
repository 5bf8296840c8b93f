import { Flagon } from '@flagon/core';
import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  createRenderer,
  escapeHtml,
  markup,
  rendererOf,
  type TemplateError,
  type TemplatesExtension,
  templates,
} from '../src/index.ts';
import { catchError, folderWith, quietLogger } from './helpers.ts';

// The README's examples, as written there.
const BASE = `<!doctype html>
<title><%~ block('title', () => { %>Flaskr<% }) %></title>
<nav class="<%= it.active %>"><%~ block('nav', () => { %><a href="/">Home</a><% }) %></nav>
<main><%~ block('content') %></main>
`;
const LOGIN = `<% layout('base.html', { active: 'login' }) %>
<% block('title', () => { %>Log In · <%~ parent() %><% }) %>
<% block('content', () => { %>
  <form method="post"><input name="username" value="<%= it.username %>"></form>
<% }) %>
`;

describe('README', () => {
  test('1. render a page', async () => {
    const root = await folderWith({
      'templates/hello.html': '<!doctype html>\n<h1>Hello, <%= it.name %>!</h1>\n',
    });
    const app = new Flagon({ root, logger: quietLogger() });
    app.use(templates());
    app.get('/hello/<name>', function hello(c) {
      return c.render('hello.html', { name: c.params.name });
    });
    expect((await app.testClient().get('/hello/%3Cscript%3E')).text).toBe(
      '<!doctype html>\n<h1>Hello, &lt;script&gt;!</h1>\n',
    );
  });

  test('2. layouts and blocks', async () => {
    const dir = await folderWith({ 'base.html': BASE, 'auth/login.html': LOGIN });
    const html = createRenderer({ folders: [dir] }).render('auth/login.html', { username: '"ada"' });
    expect(html).toBe(
      '<!doctype html>\n<title>Log In · Flaskr</title>\n<nav class="login"><a href="/">Home</a></nav>\n' +
        '<main>  <form method="post"><input name="username" value="&quot;ada&quot;"></form>\n</main>\n',
    );
  });

  test('6. markup from a helper is not escaped twice; comments print nothing', () => {
    const renderer = createRenderer({
      filters: { badge: (text: string) => markup(`<span class="badge">${escapeHtml(text)}</span>`) },
    });
    expect(renderer.renderString('<% /* a comment */ %><%= badge("<new>") %>')).toBe(
      '<span class="badge">&lt;new&gt;</span>',
    );
  });

  test('syntax options: autoTrim and tags; output()', () => {
    expect(createRenderer().renderString('<% if (true) { %>\nx<% } %>')).toBe('x');
    expect(createRenderer({ syntax: { autoTrim: false } }).renderString('<% if (true) { %>\nx<% } %>')).toBe(
      '\nx',
    );
    expect(
      createRenderer({ syntax: { tags: ['{{', '}}'] } }).renderString('{{= it.a }}<%= it.a %>', { a: '<' }),
    ).toBe('&lt;<%= it.a %>');
    expect(createRenderer().renderString('<% output("<b>") %>')).toBe('<b>');
  });

  test('Eta parse errors give the line and column', () => {
    const error = catchError(() => createRenderer().renderString('ok\n  <%= it.x ')) as TemplateError;
    expect(error.message).toBe('Syntax error in template template string, line 2: unclosed tag');
    expect(error).toMatchObject({ code: 'syntax_error', line: 2, column: 3 });
    expect(error.codeFrame).toBe('at (template):2:3\n  1 | ok\n> 2 |   <%= it.x \n    |   ^');
  });

  test('the extension fits typed apps', () => {
    const app = new Flagon<{ Config: { SITE: string }; G: { user?: string } }>({
      templateFolder: null,
      staticFolder: null,
    });
    const extension = templates<{ Config: { SITE: string }; G: { user?: string } }>();
    app.use(extension);
    const typed = new Flagon<{ Config: { SITE: string } }>({ templateFolder: null, staticFolder: null });
    typed.use(templates()); // E is inferred from the app
    expect(rendererOf(typed).filters.upper).toBeTypeOf('function');
    expectTypeOf(templates()).toEqualTypeOf<TemplatesExtension>();
    expectTypeOf(extension.renderer.render).returns.toEqualTypeOf<string>();
  });
});
