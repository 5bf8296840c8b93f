// A whole Flagon app in one module. Run it with `node app.ts` (or `pnpm start`), test it with
// `pnpm test`. Everything here comes from the public entry points of @flagon/*.
import { loadConfig } from '@flagon/config';
import { Flagon } from '@flagon/core';
import { templates } from '@flagon/templates';

type Env = {
  Session: { visits?: number };
  Config: { SECRET_KEY: string; DEBUG: boolean; GREETING: string };
};

/** Builds the app: config.ts, then instance/, then HELLO_* variables, then `overrides`. */
export async function createApp(overrides: Record<string, unknown> = {}) {
  const config = await loadConfig({
    root: import.meta.dirname,
    defaults: { SECRET_KEY: 'dev', DEBUG: true, GREETING: 'Hello' },
    envPrefix: 'HELLO',
    overrides,
  });
  const app = new Flagon<Env>({ name: 'hello', root: import.meta.dirname, config });
  app.use(templates());

  app.get('/', function index(c) {
    return c.render('index.html', { name: 'World' });
  });

  app.get('/hello/<name>', function hello(c) {
    return c.render('index.html', { name: c.params.name });
  });

  app.get('/api/greeting/<name>', function greeting(c) {
    return { greeting: `${c.config.GREETING}, ${c.params.name}!` };
  });

  app.get('/api/square/<int:n>', function square(c) {
    return { n: c.params.n, square: c.params.n * c.params.n };
  });

  app.post('/visits', function visit(c) {
    const visits = (c.session.get('visits') ?? 0) + 1;
    c.session.set('visits', visits);
    c.flash(`Visit number ${visits}.`);
    return c.redirect('index');
  });

  return app;
}

if (import.meta.main) {
  const app = await createApp();
  const server = await app.listen({
    host: process.env.HOST,
    port: process.env.PORT ? Number(process.env.PORT) : 5000,
  });
  console.log(`hello is serving on ${server.url}`);
}
