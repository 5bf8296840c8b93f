// The hello app for Workers: the same kind of routes, a blueprint, a form with CSRF protection, a
// signed-cookie session and flash — from the runtime-neutral entries of @flagon/* only. Nothing
// here reads a file: templates come precompiled (see build.ts), config comes from the caller.
import { Flagon } from '@flagon/core';
import { csrf, defineForm, fields as f } from '@flagon/forms';
import { type PrecompiledTemplates, templates } from '@flagon/templates';
import { notes } from './notes/blueprint.ts';

export type Env = {
  Session: { visits?: number };
  Config: { SECRET_KEY: string; GREETING: string };
};

/** The guestbook's form: the parsed data is `{ name: string; age: number }`. */
export const sayHello = defineForm({
  name: f.text({ required: true, length: { max: 40 } }),
  age: f.integer({ required: true, range: { min: 1, max: 150 } }),
});

/** What the app needs from its host: the secret, and templates unless it reads them from files. */
export interface AppOptions {
  SECRET_KEY: string;
  GREETING?: string;
  /** The module `build.ts` writes; without it templates are read from the folders (Node only). */
  precompiled?: PrecompiledTemplates;
  /** The app's folder, on Node; on Workers there is none. */
  root?: string;
}

/** Builds the app. */
export function createApp(options: AppOptions) {
  const app = new Flagon<Env>({
    name: 'hello-worker',
    root: options.root,
    config: { SECRET_KEY: options.SECRET_KEY, GREETING: options.GREETING ?? 'Hello' },
  });
  app.use(templates(options.precompiled ? { precompiled: options.precompiled } : {}));
  app.use(csrf());
  const guestbook: { name: string; age: number }[] = [];

  app.get('/', function index(c) {
    return c.render('index.html', { name: 'World' });
  });

  app.get('/hello/<name>', function hello(c) {
    return c.render('index.html', { name: c.params.name });
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
    const page = await c.render('guestbook.html', { form, signatures: guestbook });
    return [page, form.submitted ? 400 : 200];
  });

  app.register(notes);
  return app;
}
