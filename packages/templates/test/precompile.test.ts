import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Flagon } from '@flagon/core';
import { describe, expect, test, vi } from 'vitest';
import { buildTemplates, precompileTemplates } from '../src/build.ts';
import { createRenderer, type PrecompiledTemplates, TemplateError, templates } from '../src/index.ts';
import { catchError, folderWith, quietLogger } from './helpers.ts';

const APP = {
  'base.html': '<title><%~ block("title", () => { %>Site<% }) %></title><%~ block("content") %>',
  'index.html':
    '<% layout("base.html") %><% block("title", () => { %>Home | <%~ parent() %><% }) %><% block("content", () => { %><% for (const p of it.posts) { %><%~ include("partials/post.html", { p }) %><% } %><% }) %>',
  'partials/post.html': '<p><%= truncate(it.p, 8) %></p>',
  'mail.txt': 'Hi <%= it.name %>',
  'broken.html': 'one\ntwo\n<%= it.a.b %>',
};

async function build(keepSource = false) {
  const app = await folderWith(APP);
  const bp = await folderWith({ 'index.html': 'shadowed', 'bp/page.html': 'from the blueprint' });
  const outDir = await folderWith({});
  const out = join(outDir, 'templates.gen.js');
  const result = await buildTemplates({ folders: [app, bp], out, keepSource });
  await rm(app, { recursive: true });
  await rm(bp, { recursive: true });
  const module = (await import(out)) as PrecompiledTemplates;
  return { result, module, out };
}

describe('precompiled templates', () => {
  test('buildTemplates writes one ES module of every template and returns counts', async () => {
    const { result, module, out } = await build();
    expect(result).toMatchObject({
      templates: 6,
      folders: 2,
      shadowed: 1,
      out,
      declarations: out.replace(/\.js$/, '.d.ts'),
    });
    expect(Object.keys(module.templates).sort()).toEqual([
      'base.html',
      'bp/page.html',
      'broken.html',
      'index.html',
      'mail.txt',
      'partials/post.html',
    ]);
    expect(module.templates['mail.txt']?.escape).toBe(false);
    expect(await readFile(out.replace(/\.js$/, '.d.ts'), 'utf8')).toContain(
      "PrecompiledTemplates['templates']",
    );
  });

  test('renders from the module with the folders deleted and no file system calls', async () => {
    const { module } = await build();
    const fs = process.getBuiltinModule('node:fs');
    const stat = vi.spyOn(fs, 'statSync');
    const read = vi.spyOn(fs, 'readFileSync');
    const renderer = createRenderer({ precompiled: module });
    expect(renderer.render('index.html', { posts: ['<first post>', 'second'] })).toBe(
      '<title>Home | Site</title><p>&lt;firs...</p><p>second</p>',
    );
    expect(renderer.render('bp/page.html')).toBe('from the blueprint');
    expect(renderer.render('mail.txt', { name: '<Ada>' })).toBe('Hi <Ada>');
    expect(stat).not.toHaveBeenCalled();
    expect(read).not.toHaveBeenCalled();
    // The spies do see the renderer's file system calls when it reads folders.
    expect(() => createRenderer({ folders: ['/nonexistent'] }).render('index.html')).toThrow('not found');
    expect(stat).toHaveBeenCalled();
    stat.mockRestore();
    read.mockRestore();
  });

  test('through an app: templates({ precompiled })', async () => {
    const { module } = await build();
    const app = new Flagon({ templateFolder: null, staticFolder: null, logger: quietLogger() });
    app.use(templates({ precompiled: module }));
    app.get('/', function index(c) {
      return c.render('index.html', { posts: ['x'] });
    });
    expect((await app.testClient().get('/')).text).toBe('<title>Home | Site</title><p>x</p>');
  });

  test('missing names and errors still name the template and line', async () => {
    const { module } = await build();
    const renderer = createRenderer({ precompiled: module });
    expect((catchError(() => renderer.render('nope.html')) as Error).message).toContain(
      'Searched, in order:\n  precompiled module (6 templates)',
    );
    const error = catchError(() => renderer.render('broken.html', {})) as TemplateError;
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toMatchObject({ file: 'broken.html', line: 3 });
    expect(error.codeFrame).toBe('at broken.html:3');
  });

  test('keepSource keeps code frames', async () => {
    const { module } = await build(true);
    const error = catchError(() =>
      createRenderer({ precompiled: module }).render('broken.html', {}),
    ) as TemplateError;
    expect(error.codeFrame).toContain('> 3 | <%= it.a.b %>');
  });

  test('a syntax error fails the build with file and line', async () => {
    const dir = await folderWith({ 'ok.html': 'ok', 'bad.html': 'a\nb\n<% if (it.x) { %>\n<%= %>' });
    const error = await precompileTemplates({ folders: [dir] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as Error).message).toMatch(
      new RegExp(`^Syntax error in template ${dir}/bad.html, line \\d`),
    );
  });

  test('filters named at build time can be added to the renderer later', async () => {
    const dir = await folderWith({ 'price.html': '<%= money(it.n) %>' });
    const out = join(await folderWith({}), 'gen.js');
    await buildTemplates({ folders: [dir], out, filters: ['money', 'upper'] });
    const extension = templates({ precompiled: (await import(out)) as PrecompiledTemplates });
    extension.addFilter('money', (n: number) => `$${n.toFixed(2)}`);
    const app = new Flagon({ templateFolder: null, staticFolder: null, logger: quietLogger() });
    app.use(extension);
    expect(extension.renderer.render('price.html', { n: 2 })).toBe('$2.00');
    extension.addFilter('money', (n: number) => `€${n}`);
    expect(extension.renderer.render('price.html', { n: 2 })).toBe('€2');
  });

  test('a module of another format is refused', () => {
    expect(() => createRenderer({ precompiled: { format: 'other', templates: {} } })).toThrow(
      'needs a module written by buildTemplates()',
    );
  });
});
