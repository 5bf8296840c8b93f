// Route matching with 200 routes with converters: Flagon's app.fetch vs Hono's app.fetch.

import { Flagon } from '@flagon/core';
import { Hono } from 'hono';
import { emit, type MicroResult, measure, microOptions } from './harness.ts';

const ROUTES = 200;

/** The i-th rule in Flagon's and Hono's syntax, and a URL that matches it. */
export function rule(i: number): { flagon: string; hono: string; url: string } {
  switch (i % 5) {
    case 0:
      return {
        flagon: `/api/v1/res${i}/<int:id>`,
        hono: `/api/v1/res${i}/:id{[0-9]+}`,
        url: `/api/v1/res${i}/123`,
      };
    case 1:
      return {
        flagon: `/res${i}/<name>/detail`,
        hono: `/res${i}/:name/detail`,
        url: `/res${i}/alice/detail`,
      };
    case 2:
      return { flagon: `/files${i}/<path:rest>`, hono: `/files${i}/:rest{.+}`, url: `/files${i}/a/b/c.txt` };
    case 3:
      return { flagon: `/static${i}/about`, hono: `/static${i}/about`, url: `/static${i}/about` };
    default:
      return {
        flagon: `/u${i}/<int:uid>/posts/<slug>`,
        hono: `/u${i}/:uid{[0-9]+}/posts/:slug`,
        url: `/u${i}/42/posts/hello-world`,
      };
  }
}

export async function routeBenchmarks(options = microOptions()): Promise<MicroResult[]> {
  const flagon = new Flagon({ staticFolder: null, templateFolder: null });
  const hono = new Hono();
  const urls: string[] = [];
  for (let i = 0; i < ROUTES; i++) {
    const r = rule(i);
    flagon.get(r.flagon, { endpoint: `r${i}` }, function view(c) {
      return c.text('ok');
    });
    hono.get(r.hono, (c) => c.text('ok'));
    urls.push(`http://localhost${r.url}`);
  }
  const requests = urls.map((u) => new Request(u));
  // Both must answer every URL with 200 before timing.
  for (const request of requests) {
    const [a, b] = [await flagon.fetch(request), await hono.fetch(request)];
    if (a.status !== 200 || b.status !== 200) throw new Error(`route check failed for ${request.url}`);
  }
  let i = 0;
  let j = 0;
  const out: MicroResult[] = [];
  out.push(
    await measure(
      'routes',
      'Hono app.fetch (200 routes)',
      () => hono.fetch(requests[i++ % ROUTES] as Request),
      options,
    ),
  );
  out.push(
    await measure(
      'routes',
      'Flagon app.fetch (200 routes)',
      () => flagon.fetch(requests[j++ % ROUTES] as Request),
      options,
      'includes converters and the Context',
    ),
  );
  let k = 0;
  const paths = urls.map((u) => new URL(u).pathname);
  out.push(
    await measure(
      'routes',
      "Hono's router.match only",
      () => hono.router.match('GET', paths[k++ % ROUTES] as string),
      options,
      'the table underneath both',
    ),
  );
  return out;
}

if (import.meta.main) emit(await routeBenchmarks());
