// @flagon/templates rendering /page, for micro/templates.ts.

import { Flagon } from '@flagon/core';
import { createRenderer, templates } from '@flagon/templates';
import { Eta } from 'eta';
import { Hono } from 'hono';
import { PAGE_DATA, TEMPLATES_DIR } from './data.ts';

const FLAGON_DIR = new URL('./flagon/', import.meta.url).pathname;

export interface Candidate {
  name: string;
  render: () => string | Promise<string>;
  note?: string;
}

/** The adapter's renderer alone, and `c.render` inside a request next to Hono + Eta. */
export function flagonCandidates(): Candidate[] {
  const renderer = createRenderer({ folders: [`${FLAGON_DIR}templates`] });
  const app = new Flagon({ root: FLAGON_DIR, staticFolder: null });
  app.use(templates());
  app.get('/page', async function page(c) {
    return c.render('page.html', { ...PAGE_DATA });
  });
  const eta = new Eta({ views: TEMPLATES_DIR, cache: true });
  const hono = new Hono();
  hono.get('/page', (c) => c.html(eta.render('page', PAGE_DATA)));
  const request = new Request('http://localhost/page');
  return [
    {
      name: '@flagon/templates Renderer.render',
      render: () => renderer.render('page.html', { ...PAGE_DATA }),
    },
    {
      name: 'Flagon app.fetch → c.render (request + render)',
      render: async () => (await app.fetch(request)).text(),
      note: 'routing, Context, template context, Response, body read',
    },
    {
      name: 'Hono app.fetch → Eta (request + render)',
      render: async () => (await hono.fetch(request)).text(),
      note: 'routing, Context, Response, body read',
    },
  ];
}
