// Template rendering of /page: Flagon's adapter vs plain Eta vs Nunjucks vs EJS vs a template literal.

import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { Eta } from 'eta';
import nunjucks from 'nunjucks';
import { escapeHtml, PAGE_DATA, pageLiteral, TEMPLATES_DIR } from '../data.ts';
import type { Candidate } from '../flagon-templates.ts';
import { emit, type MicroResult, measure, microOptions } from './harness.ts';

const MICRO_TEMPLATES = fileURLToPath(new URL('./templates/', import.meta.url));

export async function templateBenchmarks(options = microOptions()): Promise<MicroResult[]> {
  const expected = pageLiteral(PAGE_DATA);
  const eta = new Eta({ views: TEMPLATES_DIR, cache: true });
  const env = nunjucks.configure(MICRO_TEMPLATES, { autoescape: true, noCache: false });
  const ejsPage = ejs.compile(
    await import('node:fs').then((fs) => fs.readFileSync(`${MICRO_TEMPLATES}page.ejs`, 'utf8')),
    { filename: `${MICRO_TEMPLATES}page.ejs`, cache: true },
  );
  const candidates: [string, () => string | Promise<string>, string?][] = [
    ['template literal (hand-written)', () => pageLiteral(PAGE_DATA)],
    ['Eta (plain, cache: true)', () => eta.render('page', PAGE_DATA)],
    ['Nunjucks (autoescape, cached)', () => env.render('page.njk', PAGE_DATA)],
    ['EJS (compiled, cache: true)', () => ejsPage(PAGE_DATA)],
  ];
  for (const f of await flagonCandidates()) candidates.push([f.name, f.render, f.note]);
  const out: MicroResult[] = [];
  for (const [name, render, note] of candidates) {
    const html = await render();
    // Nunjucks and EJS escape like Eta, but EJS writes &#34; for ", Nunjucks &quot;: compared loosely.
    const same = html === expected;
    const check = same
      ? 'identical output'
      : `output differs from the literal (${loose(html) === loose(expected) ? 'only in entity spelling' : 'CONTENT DIFFERS'})`;
    out.push(await measure('templates', name, render, options, note ? `${note}; ${check}` : check));
  }
  out.push(...(await escapeBenchmarks(options)));
  return out;
}

/** Escaping the page's 252 interpolated values: the adapter's escapeHtml vs a one-pass loop. */
async function escapeBenchmarks(options: ReturnType<typeof microOptions>): Promise<MicroResult[]> {
  const values: unknown[] = [PAGE_DATA.title, PAGE_DATA.user];
  for (const item of PAGE_DATA.items) values.push(item.id, item.id, item.name, item.note, item.price);
  const out: MicroResult[] = [];
  const candidates: [string, (v: unknown) => string][] = [
    ['one-pass charCodeAt loop (bench/src/data.ts)', escapeHtml],
  ];
  try {
    const templates = await import('@flagon/templates');
    candidates.unshift([
      '@flagon/templates escapeHtml (regex test + replace callback)',
      templates.escapeHtml,
    ]);
  } catch {
    // not built
  }
  for (const [name, escapeFn] of candidates) {
    for (const v of values)
      if (escapeFn(v) !== escapeHtml(v)) throw new Error(`${name} escapes ${String(v)} differently`);
    out.push(
      await measure(
        'escape',
        name,
        () => {
          let n = 0;
          for (const v of values) n += escapeFn(v).length;
          return n;
        },
        options,
        'one op = all 252 values of /page',
      ),
    );
  }
  return out;
}

function loose(html: string): string {
  return html.replace(/&#34;|&quot;/g, '"').replace(/&#39;|&#x27;/g, "'");
}

/** The @flagon/templates candidates, when the package is built. */
async function flagonCandidates(): Promise<Candidate[]> {
  try {
    const { flagonCandidates } = await import('../flagon-templates.ts');
    return flagonCandidates();
  } catch (error) {
    process.stderr.write(`@flagon/templates skipped: ${(error as Error).message}\n`);
    return [];
  }
}

if (import.meta.main) emit(await templateBenchmarks());
