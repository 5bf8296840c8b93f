import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildTemplates } from '../src/build.ts';
import { createRenderer, type PrecompiledTemplates, type Renderer, TemplateError } from '../src/index.ts';
import { catchError, folderWith } from './helpers.ts';

/** Makes a renderer over an app folder and a blueprint folder, each given as files. */
export type MakeRenderer = (
  app: Record<string, string>,
  blueprint: Record<string, string>,
) => Promise<Renderer>;

const APP: Record<string, string> = {
  'base.html':
    '<title><%~ block("title", () => { %>Site<% }) %></title>|<%~ block("content") %>|<%~ block("footer", () => { %>foot<% }) %>',
  'layouts/section.html':
    '<% layout("base.html") %><% block("title", () => { %>Section - <%~ parent() %><% }) %><% block("content", () => { %>[<%~ block("inner") %>]<% }) %>',
  'page.html':
    '<% layout("layouts/section.html") %><% block("title", () => { %><%= it.title %> | <%~ parent() %><% }) %><% block("inner", () => { %><% for (const p of it.posts) { %><%~ include("partials/post.html", { p }) %><% } %><% }) %>',
  'partials/post.html': '<i title="<%= it.p %>"><%= upper(it.p) %></i>',
  'override.html': 'app',
  'errors/runtime.html': 'a\nb\n<%= it.nothing.here %>',
  'errors/syntax.html': 'a\n<% if (it.x) { %>\n<%= it.x + %>\n<% } %>',
  'notes.txt': '<%= it.v %>',
};
const BLUEPRINT: Record<string, string> = { 'override.html': 'blueprint', 'bp/only.html': 'bp <%= it.v %>' };

/** The behaviour every way of loading templates must share. */
export function runRendererContract(
  name: string,
  make: MakeRenderer,
  options: { syntaxAtBuild?: boolean } = {},
) {
  describe(`renderer contract: ${name}`, () => {
    const app = { ...APP };
    if (options.syntaxAtBuild) delete app['errors/syntax.html'];

    test('three-level inheritance with includes, escaping and filters', async () => {
      const renderer = await make(app, BLUEPRINT);
      expect(renderer.render('page.html', { title: 'A&B', posts: ['x"', 'y'] })).toBe(
        '<title>A&amp;B | Section - Site</title>|[<i title="x&quot;">X&quot;</i><i title="y">Y</i>]|foot',
      );
    });

    test('search order and non-HTML files', async () => {
      const renderer = await make(app, BLUEPRINT);
      expect(renderer.render('override.html')).toBe('app');
      expect(renderer.render('bp/only.html', { v: '<' })).toBe('bp &lt;');
      expect(renderer.render('notes.txt', { v: '<' })).toBe('<');
    });

    test('runtime errors name the template and line', async () => {
      const renderer = await make(app, BLUEPRINT);
      const error = catchError(() => renderer.render('errors/runtime.html', {}));
      expect(error).toBeInstanceOf(TemplateError);
      expect(error).toMatchObject({ code: 'render_error', template: 'errors/runtime.html', line: 3 });
      expect((error as Error).message).toMatch(/errors\/runtime\.html, line 3: TypeError: /);
    });

    if (!options.syntaxAtBuild) {
      test('syntax errors name the template and line', async () => {
        const renderer = await make(app, BLUEPRINT);
        const error = catchError(() => renderer.render('errors/syntax.html', { x: 1 }));
        expect(error).toMatchObject({ code: 'syntax_error', template: 'errors/syntax.html', line: 3 });
      });
    }

    test('missing templates', async () => {
      const renderer = await make(app, BLUEPRINT);
      expect(() => renderer.render('missing.html')).toThrow('Template "missing.html" not found.');
    });
  });
}

/** Renderers over real folders. */
export const fromFolders =
  (options: { cache?: boolean } = {}): MakeRenderer =>
  async (app, blueprint) =>
    createRenderer({ folders: [await folderWith(app), await folderWith(blueprint)], ...options });

/** Renderers over a precompiled module built from real folders. */
export const fromPrecompiled: MakeRenderer = async (app, blueprint) => {
  const out = join(await folderWith({}), 'templates.gen.js');
  await buildTemplates({ folders: [await folderWith(app), await folderWith(blueprint)], out });
  return createRenderer({ precompiled: (await import(out)) as PrecompiledTemplates });
};
