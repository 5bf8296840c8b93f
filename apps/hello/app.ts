// A whole Flagon app in one module. Run it with `node app.ts` (or `pnpm start`), test it with
// `pnpm test`. Everything here comes from the public entry points of @flagon/*.
import { loadConfig } from '@flagon/config';
import { Flagon } from '@flagon/core';
import { csrf, defineForm, fields as f } from '@flagon/forms';
import { templates } from '@flagon/templates';

type Env = {
  Session: { visits?: number };
  Config: { SECRET_KEY: string; DEBUG: boolean; GREETING: string };
};

/** The guestbook's "say hello" form: the parsed data is `{ name: string; email: string; age: number }`. */
export const sayHello = defineForm({
  name: f.text({ required: true, length: { max: 40 }, attrs: { autocomplete: 'name' } }),
  email: f.email({ required: true, description: 'Never shown to anyone.', attrs: { autocomplete: 'email' } }),
  age: f.integer({ required: true, range: { min: 1, max: 150 } }),
});

/** One signature in the guestbook. */
export interface Signature {
  name: string;
  email: string;
  age: number;
}

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
  // Every POST (the visit counter, the guestbook) must carry the session's CSRF token.
  app.use(csrf());
  // Kept in memory: a database would go here (see apps/flaskr).
  const guestbook: Signature[] = [];

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

  app.route('/guestbook', { methods: ['GET', 'POST'] }, async function guestbookView(c) {
    const form = await sayHello.validate(c);
    if (form.ok) {
      guestbook.push(form.data);
      c.flash(`${c.config.GREETING}, ${form.data.name}! Thanks for signing.`);
      return c.redirect('guestbookView');
    }
    // A failed submission is re-rendered with the typed values and an error next to each field.
    const page = await c.render('guestbook.html', { form, signatures: guestbook });
    return [page, form.submitted ? 400 : 200];
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
