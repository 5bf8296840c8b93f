import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Flagon } from '../src/index.ts';
import { listen, type RunningServer } from '../src/node.ts';

const errors: unknown[][] = [];
const logger = { debug() {}, info() {}, warn() {}, error: (...args: unknown[]) => void errors.push(args) };

function makeApp(shape: 'bare' | 'hooked') {
  const app = new Flagon({
    staticFolder: null,
    templateFolder: null,
    logger,
    config: { SECRET_KEY: 'hostile-redirect-test-secret-0123456789' },
  });
  if (shape === 'hooked') app.beforeRequest(() => undefined);
  app.get('/go', function go(c) {
    return c.redirect(c.req.query('next') ?? '/');
  });
  app.get('/raw', function raw(c) {
    // A Response the view builds itself, with the hostile value as a header: only the server's
    // last net stands between it and the socket.
    return new Response(null, { status: 302, headers: { location: c.req.query('next') ?? '/' } });
  });
  app.get('/', function index() {
    return 'alive';
  });
  return app;
}

const HOSTILE = [
  { label: 'CR LF', next: '/a\r\nSet-Cookie: x=1', status: 500 },
  { label: 'NUL', next: '/a\u0000b', status: 500 },
  { label: 'non-ASCII', next: '/search?q=€', status: 302, location: '/search?q=%E2%82%AC' },
];

describe.each(['bare', 'hooked'] as const)('hostile redirect targets on a real server (%s app)', (shape) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen(makeApp(shape), { port: 0, handleSignals: false });
  });
  afterAll(async () => {
    await server?.close();
  });

  test.each(HOSTILE)(
    'c.redirect to a $label target is answered and the server keeps serving',
    async ({ next, status, location }) => {
      const response = await fetch(`${server.url}/go?next=${encodeURIComponent(next)}`, {
        redirect: 'manual',
      });
      expect(response.status).toBe(status);
      if (location) expect(response.headers.get('location')).toBe(location);
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(await (await fetch(`${server.url}/`)).text()).toBe('alive');
    },
  );

  test.each(HOSTILE.slice(0, 2))(
    'a view-built Response with a $label header is a logged 500, never a crash',
    async ({ next }) => {
      errors.length = 0;
      const response = await fetch(`${server.url}/raw?next=${encodeURIComponent(next)}`, {
        redirect: 'manual',
      });
      expect(response.status).toBe(500);
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(errors.length).toBeGreaterThan(0);
      expect(await (await fetch(`${server.url}/`)).text()).toBe('alive');
    },
  );
});
