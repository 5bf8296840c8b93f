import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { builtPages, DIST, pageFor, read, urlOf } from './site.ts';

/** The `href`s and `id`s of a built page (VitePress writes plain, double-quoted attributes). */
function scan(html: string): { hrefs: string[]; ids: Set<string> } {
  const hrefs = [...html.matchAll(/<a\b[^>]*?\shref="([^"]*)"/g)].map((m) => m[1] ?? '');
  const ids = new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1] ?? ''));
  return { hrefs, ids };
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

describe('the built site', () => {
  const pages = builtPages();
  const scans = new Map(pages.map((page) => [page, scan(read(join(DIST, page)))]));

  test('has the quickstart, every tutorial chapter, every guide and the API reference', () => {
    const urls = pages.map(urlOf);
    for (const url of [
      '/',
      '/quickstart',
      '/tutorial/',
      '/tutorial/layout',
      '/tutorial/factory',
      '/tutorial/database',
      '/tutorial/views',
      '/tutorial/templates',
      '/tutorial/static',
      '/tutorial/blog',
      '/tutorial/tests',
      '/tutorial/deploy',
      '/guides/configuration',
      '/guides/blueprints',
      '/guides/templates',
      '/guides/orm',
      '/guides/forms',
      '/guides/testing',
      '/guides/cli',
      '/guides/deploying',
      '/guides/runtimes',
      '/guides/flask',
      '/api/',
      '/api/@flagon/core/index/classes/Flagon',
    ]) {
      expect(urls).toContain(url);
    }
  });

  test('no internal link or anchor is broken', () => {
    const broken: string[] = [];
    for (const [page, { hrefs }] of scans) {
      const base = new URL(urlOf(page), 'http://docs.invalid');
      for (const raw of hrefs) {
        const href = unescapeHtml(raw);
        if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(href)) continue; // https:, mailto:, …
        const target = new URL(href, base);
        const file = pageFor(target.pathname);
        if (file === undefined) {
          broken.push(`${urlOf(page)}: ${href} (no page at ${target.pathname})`);
          continue;
        }
        if (!target.hash) continue;
        const ids = scans.get(file)?.ids;
        const anchor = decodeURIComponent(target.hash.slice(1));
        if (ids && !ids.has(anchor))
          broken.push(`${urlOf(page)}: ${href} (no id "${anchor}" on ${urlOf(file)})`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('the link check finds a broken link and a broken anchor', () => {
    // The checker itself: a page that does not exist and an id that no page has are both caught.
    expect(pageFor('/tutorial/no-such-chapter')).toBeUndefined();
    expect(pageFor('/tutorial/views')).toBe('tutorial/views.html');
    expect(scans.get('tutorial/views.html')?.ids.has('login')).toBe(true);
    expect(scans.get('tutorial/views.html')?.ids.has('no-such-section')).toBe(false);
    expect(existsSync(join(DIST, 'assets'))).toBe(true);
  });
});
