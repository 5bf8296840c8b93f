import { escapeHtml as coreEscapeHtml } from '@flagon/core';
import { describe, expect, test } from 'vitest';
import { createRenderer, escapeHtml, json, markup } from '../src/index.ts';
import { folderWith } from './helpers.ts';

describe('security', () => {
  test('data cannot break out of text, double- or single-quoted attributes', async () => {
    const dir = await folderWith({
      'a.html': `<p><%= it.v %></p><a href="/x?q=<%= it.v %>" title='<%= it.v %>'>x</a>`,
    });
    const renderer = createRenderer({ folders: [dir] });
    for (const v of [
      '<script>alert(1)</script>',
      '" onclick="alert(1)',
      "' onclick='alert(1)",
      '&lt;already',
    ]) {
      const html = renderer.render('a.html', { v });
      expect(html).not.toMatch(/<script>|" onclick|' onclick/);
      expect(html.match(/"/g)).toHaveLength(2);
      expect(html.match(/'/g)).toHaveLength(2);
    }
    expect(renderer.render('a.html', { v: '&lt;' })).toContain('<p>&amp;lt;</p>');
  });

  test('json() cannot end a <script> element, nor break on U+2028/2029', async () => {
    const dir = await folderWith({ 'a.html': '<script>const data = <%= json(it.data) %>;</script>' });
    const data = { q: '</script><script>alert(1)</script>', amp: 'a & b', ls: 'x\u2028y\u2029z', '<k>': 1 };
    const html = createRenderer({ folders: [dir] }).render('a.html', { data });
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    const body = html.slice('<script>const data = '.length, -';</script>'.length);
    expect(body).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(body)).toEqual(data);
    expect(json(undefined).html).toBe('null');
  });

  test("json() in a single-quoted attribute: a ' in the data cannot end it (Jinja's tojson)", async () => {
    const dir = await folderWith({ 'a.html': `<div data-x='<%= json(it.obj) %>'></div>` });
    const obj = { name: "O'Brien", onclick: "' onmouseover='alert(1)" };
    const html = createRenderer({ folders: [dir] }).render('a.html', { obj });
    expect(html.match(/'/g)).toHaveLength(2);
    const attribute = html.slice("<div data-x='".length, -"'></div>".length);
    expect(attribute).toContain('O\\u0027Brien');
    expect(JSON.parse(attribute)).toEqual(obj);
  });

  test('a string that looks like a tag is data, never template code', async () => {
    const dir = await folderWith({ 'a.html': '<%= it.v %>|<%~ it.v %>' });
    const html = createRenderer({ folders: [dir] }).render('a.html', { v: '<%= process.exit(1) %>' });
    expect(html).toBe('&lt;%= process.exit(1) %&gt;|<%= process.exit(1) %>');
  });

  test('an object with a toString returning HTML is escaped; only Markup is trusted', async () => {
    const dir = await folderWith({ 'a.html': '<%= it.v %>' });
    const fake = { html: '<b>', toString: () => '<b>' };
    expect(createRenderer({ folders: [dir] }).render('a.html', { v: fake })).toBe('&lt;b&gt;');
  });

  test('template names from data cannot leave the folders', async () => {
    const dir = await folderWith({ 'templates/a.html': '<%~ include(it.name) %>', 'secret.txt': 'secret' });
    const renderer = createRenderer({ folders: [`${dir}/templates`] });
    expect(() => renderer.render('a.html', { name: '../secret.txt' })).toThrow('Refusing the template name');
  });
});

describe('escapeHtml', () => {
  test("is core's rule for text, and also takes Markup, null, undefined and other values", () => {
    const text = `<a title='x' href="?a=1&b=2">Tom</a>`;
    expect(escapeHtml(text)).toBe(coreEscapeHtml(text));
    expect(escapeHtml(text)).toBe('&lt;a title=&#39;x&#39; href=&quot;?a=1&amp;b=2&quot;&gt;Tom&lt;/a&gt;');
    expect(escapeHtml(markup('<b>ok</b>'))).toBe('<b>ok</b>');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(3)).toBe('3');
    expect(escapeHtml({ toString: () => `"it's"` })).toBe('&quot;it&#39;s&quot;');
  });
});
