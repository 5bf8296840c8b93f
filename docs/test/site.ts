// Where the site's sources and build live, and how to read them: shared by the site's tests.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const DOCS = join(import.meta.dirname, '..');
export const REPO = join(DOCS, '..');
export const DIST = join(DOCS, '.vitepress', 'dist');
export const API = join(DOCS, 'api');

/** Every file under `dir` whose name ends with `suffix`, as paths relative to `dir` with `/`. */
export function filesUnder(
  dir: string,
  suffix: string,
  skip: (name: string) => boolean = () => false,
): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (skip(entry.name)) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(suffix)) found.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

/** The hand-written pages: every `.md` file of the site except the generated API reference. */
export function writtenPages(): string[] {
  return filesUnder(DOCS, '.md', (name) =>
    ['node_modules', 'api', '.vitepress', '.blocks', 'test'].includes(name),
  );
}

/** The built site's pages (`tutorial/views.html`); fails with the command to run when it is not built. */
export function builtPages(): string[] {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(`The site is not built (no ${DIST}/index.html): run pnpm --filter @flagon/docs build.`);
  }
  return filesUnder(DIST, '.html', (name) => name === 'assets').filter((page) => page !== '404.html');
}

/** The URL path a built page is served at, with VitePress's clean URLs: `tutorial/views.html` → `/tutorial/views`. */
export function urlOf(page: string): string {
  if (page === 'index.html') return '/';
  if (page.endsWith('/index.html')) return `/${page.slice(0, -'index.html'.length)}`;
  return `/${page.slice(0, -'.html'.length)}`;
}

/** The built file that serves a URL path, or undefined: `/tutorial/` → `tutorial/index.html`. */
export function pageFor(path: string): string | undefined {
  const clean = decodeURIComponent(path).replace(/^\//, '');
  const candidates =
    clean === '' || clean.endsWith('/')
      ? [`${clean}index.html`]
      : [`${clean}.html`, `${clean}/index.html`, clean];
  return candidates.find(
    (candidate) => existsSync(join(DIST, candidate)) && statSync(join(DIST, candidate)).isFile(),
  );
}

export function read(path: string): string {
  return readFileSync(path, 'utf8');
}
