// Compares @flagon/templates with plain Eta on a page with a layout, a 50-item loop and
// escaped strings, both with caching on. Run: pnpm --filter @flagon/templates build && node scripts/bench.ts
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRenderer } from '@flagon/templates';
import { Eta } from 'eta';

const dir = mkdtempSync(join(tmpdir(), 'flagon-bench-'));
const loop =
  '<ul><% for (const item of it.items) { %><li class="<%= item.kind %>"><a href="/item/<%= item.id %>"><%= item.name %></a> <%= item.note %></li><% } %></ul>';
writeFileSync(
  join(dir, 'eta-base.eta'),
  '<html><head><title><%= it.title %></title></head><body><%~ it.body %></body></html>',
);
writeFileSync(join(dir, 'eta-page.eta'), `<% layout('./eta-base') %><h1><%= it.title %></h1>${loop}`);
writeFileSync(
  join(dir, 'base.html'),
  '<html><head><title><%~ block("title") %></title></head><body><%~ block("content") %></body></html>',
);
writeFileSync(
  join(dir, 'page.html'),
  `<% layout("base.html") %><% block("title", () => { %><%= it.title %><% }) %><% block("content", () => { %><h1><%= it.title %></h1>${loop}<% }) %>`,
);

const data = {
  title: 'Posts & <news>',
  items: Array.from({ length: 50 }, (_, i) => ({
    id: i,
    kind: i % 2 ? 'odd' : 'even',
    name: `Item "${i}" <b>`,
    note: "it's & fine",
  })),
};

const eta = new Eta({ views: dir, cache: true });
const renderer = createRenderer({ folders: [dir] });

function rate(fn: () => string, rounds: number): number {
  const start = performance.now();
  for (let i = 0; i < rounds; i++) fn();
  return (rounds / (performance.now() - start)) * 1000;
}

const plainRender = () => eta.render('./eta-page', data);
const flagonRender = () => renderer.render('page.html', data);
if (plainRender() !== flagonRender().replace(/\n/g, '')) console.warn('the two pages differ');
rate(plainRender, 3000);
rate(flagonRender, 3000);
// Alternate rounds so that machine noise hits both; keep the best of each.
let plain = 0;
let flagon = 0;
for (let round = 0; round < 7; round++) {
  plain = Math.max(plain, rate(plainRender, 3000));
  flagon = Math.max(flagon, rate(flagonRender, 3000));
}
const fmt = (n: number) => Math.round(n).toLocaleString().padStart(10);
console.log(`plain Eta           ${fmt(plain)} renders/s`);
console.log(`@flagon/templates   ${fmt(flagon)} renders/s`);
console.log(`ratio: ${(flagon / plain).toFixed(2)}x plain Eta (target >= 0.95x)`);
rmSync(dir, { recursive: true });
