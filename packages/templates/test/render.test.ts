import { describe, expect, test } from 'vitest';
import {
  createRenderer,
  Markup,
  markup,
  renderString,
  TemplateError,
  TemplateNotFoundError,
} from '../src/index.ts';
import { catchError, folderWith } from './helpers.ts';

describe('search path', () => {
  test('names are paths; the first folder that has the file wins', async () => {
    const app = await folderWith({ 'blog/index.html': 'app blog', 'shared.html': 'app shared' });
    const bp = await folderWith({ 'blog/index.html': 'bp blog', 'bp/only.html': 'bp only' });
    const renderer = createRenderer({ folders: [app, bp] });
    expect(renderer.render('blog/index.html')).toBe('app blog');
    expect(renderer.render('bp/only.html')).toBe('bp only');
    expect(renderer.resolve('blog/index.html')).toBe(`${app}/blog/index.html`);
  });

  test('a folder pushed later is searched after the earlier ones', async () => {
    const first = await folderWith({ 'a.html': 'first' });
    const second = await folderWith({ 'a.html': 'second', 'b.html': 'second b' });
    const folders = [second];
    const renderer = createRenderer({ folders });
    expect(renderer.render('a.html')).toBe('second');
    folders.unshift(first);
    expect(renderer.render('a.html')).toBe('first');
    expect(renderer.render('b.html')).toBe('second b');
  });

  test('a missing template is an error listing every folder searched', async () => {
    const a = await folderWith({});
    const b = await folderWith({});
    const renderer = createRenderer({ folders: [a, b] });
    const error = catchError(() => renderer.render('nope/missing.html'));
    expect(error).toBeInstanceOf(TemplateNotFoundError);
    expect(error).toMatchObject({
      code: 'template_not_found',
      requested: 'nope/missing.html',
      searched: [a, b],
    });
    expect((error as Error).message).toContain('Template "nope/missing.html" not found. Searched, in order:');
    expect((error as Error).message).toContain(`  ${a}\n  ${b}\n`);
  });

  test('an include of a missing template names the including file and line', async () => {
    const dir = await folderWith({ 'page.html': 'one\n<%~ include("gone.html") %>\n' });
    const error = catchError(() => createRenderer({ folders: [dir] }).render('page.html'));
    expect(error).toBeInstanceOf(TemplateNotFoundError);
    expect(error).toMatchObject({ file: `${dir}/page.html`, line: 2 });
    expect((error as Error).message).toContain(`Asked for by ${dir}/page.html, line 2.`);
    expect((error as TemplateError).codeFrame).toContain('> 2 | <%~ include("gone.html") %>');
  });

  test.each([
    '../secret.html',
    'blog/../../secret.html',
    '/etc/passwd',
    'C:/windows/x.html',
    'blog\\x.html',
    '',
  ])('refuses the name %j', async (name) => {
    const dir = await folderWith({ 'x.html': 'x' });
    const error = catchError(() => createRenderer({ folders: [`${dir}/sub`] }).render(name));
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toMatchObject({ code: 'invalid_name' });
    expect((error as Error).message).toMatch(/^Refusing the template name/);
  });
});

describe('autoescape', () => {
  const evil = `<script>alert("x")</script>' onmouseover='x`;

  test('escapes text and attribute values in .html', async () => {
    const dir = await folderWith({
      'page.html': '<p title="<%= it.v %>" data-x=\'<%= it.v %>\'><%= it.v %></p>',
    });
    const html = createRenderer({ folders: [dir] }).render('page.html', { v: evil });
    const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;x';
    expect(html).toBe(`<p title="${escaped}" data-x='${escaped}'>${escaped}</p>`);
    expect(html).not.toContain('<script>');
  });

  test.each(['a.html', 'a.htm', 'a.xml', 'a.svg', 'a.HTML'])('%s is escaped', async (name) => {
    const dir = await folderWith({ [name]: '<%= it.v %>' });
    expect(createRenderer({ folders: [dir] }).render(name, { v: '<b>' })).toBe('&lt;b&gt;');
  });

  test('other extensions are not escaped', async () => {
    const dir = await folderWith({ 'mail.txt': 'Hi <%= it.v %>', 'data.js': 'x = <%= it.v %>' });
    const renderer = createRenderer({ folders: [dir] });
    expect(renderer.render('mail.txt', { v: '<Ada & Bob>' })).toBe('Hi <Ada & Bob>');
    expect(renderer.render('data.js', { v: 1 })).toBe('x = 1');
  });

  test('is configurable by extension list or function', async () => {
    const dir = await folderWith({
      'a.txt': '<%= it.v %>',
      'a.html': '<%= it.v %>',
      'raw/a.html': '<%= it.v %>',
    });
    const byList = createRenderer({ folders: [dir], autoescape: ['txt'] });
    expect(byList.render('a.txt', { v: '<b>' })).toBe('&lt;b&gt;');
    expect(byList.render('a.html', { v: '<b>' })).toBe('<b>');
    const byFunction = createRenderer({ folders: [dir], autoescape: (name) => !name.startsWith('raw/') });
    expect(byFunction.render('a.html', { v: '<b>' })).toBe('&lt;b&gt;');
    expect(byFunction.render('raw/a.html', { v: '<b>' })).toBe('<b>');
  });

  test('undefined and null print nothing; numbers print', async () => {
    const dir = await folderWith({ 'a.html': '[<%= it.missing %>|<%= it.none %>|<%= it.n %>]' });
    expect(createRenderer({ folders: [dir] }).render('a.html', { none: null, n: 0 })).toBe('[||0]');
  });
});

describe('raw output and markup', () => {
  test('<%~ %> prints trusted HTML as it is', async () => {
    const dir = await folderWith({ 'a.html': '<%~ it.html %>|<%= it.html %>' });
    expect(createRenderer({ folders: [dir] }).render('a.html', { html: '<em>hi</em>' })).toBe(
      '<em>hi</em>|&lt;em&gt;hi&lt;/em&gt;',
    );
  });

  test('Markup passes through <%= %> once, not escaped twice', async () => {
    const dir = await folderWith({ 'a.html': '<%= it.safe %> <%= it.badge("<x>") %> <%= markup("<br>") %>' });
    const renderer = createRenderer({
      folders: [dir],
      globals: { badge: (text: string) => markup(`<span class="badge">${escapeText(text)}</span>`) },
    });
    expect(renderer.render('a.html', { safe: new Markup('<i>ok</i>') })).toBe(
      '<i>ok</i> <span class="badge">&lt;x&gt;</span> <br>',
    );
    expect(String(markup('<b>'))).toBe('<b>');
    expect(markup(markup('<b>')).html).toBe('<b>');
  });
});

describe('renderString', () => {
  test('renders ad-hoc templates, escaped unless told otherwise', async () => {
    const renderer = createRenderer();
    expect(renderer.renderString('Hi <%= it.name %>!', { name: '<Ada>' })).toBe('Hi &lt;Ada&gt;!');
    expect(renderer.renderString('Hi <%= it.name %>!', { name: '<Ada>' }, { autoescape: false })).toBe(
      'Hi <Ada>!',
    );
    expect(renderer.renderString('<%= upper(it.name) %>', { name: 'ada' })).toBe('ADA');
  });

  test('renderString() alone needs no renderer', () => {
    expect(renderString('<%= title(it.s) %>', { s: '<hi there>' })).toBe('&lt;Hi There&gt;');
    expect(renderString('<%= it.s %>', { s: '<b>' }, { autoescape: false })).toBe('<b>');
  });

  test('can include templates from the folders', async () => {
    const dir = await folderWith({ 'item.html': '<li><%= it.item %></li>' });
    const renderer = createRenderer({ folders: [dir] });
    expect(
      renderer.renderString(
        '<ul><% for (const item of it.items) { %><%~ include("item.html", { item }) %><% } %></ul>',
        { items: [1, 2] },
      ),
    ).toBe('<ul><li>1</li><li>2</li></ul>');
  });

  test('a syntax error in a string template says so', () => {
    const error = catchError(() => createRenderer().renderString('a\n<%= it.x + %>'));
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as Error).message).toMatch(/^Syntax error in template template string, line 2: /);
  });
});

function escapeText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
