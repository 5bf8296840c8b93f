// The documentation site: VitePress renders the pages, TypeDoc writes api/ from the packages' TSDoc.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DefaultTheme, defineConfig } from 'vitepress';
import { readSnippet } from './snippet.ts';

const API_SIDEBAR = join(import.meta.dirname, '..', 'api', 'typedoc-sidebar.json');

/**
 * The API reference's sidebar: each package and its entry points (`@flagon/core`, `…/node`). Their
 * pages list every class, function and type; a sidebar of all ~400 names would be in every page.
 */
function apiSidebar(): DefaultTheme.SidebarItem[] {
  if (!existsSync(API_SIDEBAR)) {
    throw new Error(`${API_SIDEBAR} is missing: run TypeDoc first (pnpm --filter @flagon/docs api).`);
  }
  const modulesOnly = (items: DefaultTheme.SidebarItem[]): DefaultTheme.SidebarItem[] =>
    items
      .filter((item) => item.link?.endsWith('/'))
      .map(({ text, link, items: children }) => {
        const modules = modulesOnly(children ?? []);
        return modules.length > 0 ? { text, link, items: modules, collapsed: false } : { text, link };
      });
  return modulesOnly(JSON.parse(readFileSync(API_SIDEBAR, 'utf8')));
}

const tutorial: DefaultTheme.SidebarItem[] = [
  {
    text: 'Tutorial',
    items: [
      { text: 'Overview', link: '/tutorial/' },
      { text: 'Project layout', link: '/tutorial/layout' },
      { text: 'Application setup', link: '/tutorial/factory' },
      { text: 'Define and access the database', link: '/tutorial/database' },
      { text: 'Blueprints and views', link: '/tutorial/views' },
      { text: 'Templates', link: '/tutorial/templates' },
      { text: 'Static files', link: '/tutorial/static' },
      { text: 'Blog blueprint', link: '/tutorial/blog' },
      { text: 'Test coverage', link: '/tutorial/tests' },
      { text: 'Deploy to production', link: '/tutorial/deploy' },
    ],
  },
];

const guides: DefaultTheme.SidebarItem[] = [
  {
    text: 'Guides',
    items: [
      { text: 'Configuration and the instance folder', link: '/guides/configuration' },
      { text: 'Blueprints', link: '/guides/blueprints' },
      { text: 'Templates', link: '/guides/templates' },
      { text: 'The ORM', link: '/guides/orm' },
      { text: 'Forms and CSRF', link: '/guides/forms' },
      { text: 'Testing', link: '/guides/testing' },
      { text: 'The CLI', link: '/guides/cli' },
      { text: 'Deploying', link: '/guides/deploying' },
      { text: 'Other runtimes', link: '/guides/runtimes' },
      { text: 'Flagon for Flask developers', link: '/guides/flask' },
    ],
  },
];

export default defineConfig({
  title: 'Flagon',
  description: 'Flask for TypeScript: a light web framework with blueprints, templates and a typed ORM.',
  cleanUrls: true,
  lastUpdated: false,
  srcExclude: ['README.md', 'test/**'],
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  // The local search index of every page is one chunk, loaded when the search box opens.
  vite: { build: { chunkSizeWarningLimit: 2048 } },
  markdown: {
    config(md) {
      // `<<< file#region` shows the real app's code: a missing file or region fails the build
      // (VitePress alone would show the whole file), and region markers never show.
      const fence = md.renderer.rules.fence;
      md.renderer.rules.fence = (tokens, idx, options, env, self) => {
        const token = tokens[idx] as (typeof tokens)[number] & { src?: [string, string] };
        if (token.src) {
          const [file, region] = token.src;
          env.includes?.push(file);
          token.content = `${readSnippet(file, region)}\n`;
          token.src = undefined;
        }
        return fence ? fence(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
      };
      // No page uses Vue in its Markdown, while Jinja examples (`{{ name }}`) and TypeDoc's types
      // (`{ [K in string]: … }`) contain what Vue would read as interpolations: render them as text.
      md.core.ruler.push('v-pre', (state) => {
        const open = new state.Token('html_block', '', 0);
        open.content = '<div v-pre>\n';
        const close = new state.Token('html_block', '', 0);
        close.content = '</div>\n';
        state.tokens.unshift(open);
        state.tokens.push(close);
      });
    },
  },
  themeConfig: {
    nav: [
      { text: 'Quickstart', link: '/quickstart' },
      { text: 'Tutorial', link: '/tutorial/' },
      { text: 'Guides', link: '/guides/configuration' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: {
      '/quickstart': [...tutorial, ...guides],
      '/tutorial/': tutorial,
      '/guides/': guides,
      '/api/': [{ text: 'API reference', link: '/api/' }, ...apiSidebar()],
    },
    search: { provider: 'local' },
    outline: { level: [2, 3] },
  },
});
