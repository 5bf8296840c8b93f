import { validateMessage } from './forms.ts';
import type { App } from './index.ts';

/** Adds the app's routes. Split this into views/ files (or blueprints) as the app grows. */
export function registerViews(app: App): void {
  app.route('/', { methods: ['GET', 'POST'] }, async function index(c) {
    let errors = {};
    let body = '';
    if (c.req.method === 'POST') {
      const form = await c.req.form();
      const result = validateMessage(form);
      if (result.ok) {
        await c.db.messages.create(result.data);
        c.flash('Thanks for your message!');
        return c.redirect(c.urlFor('index'));
      }
      errors = result.errors;
      body = typeof form.body === 'string' ? form.body : '';
    }
    const latest = await c.db.messages.orderBy('id', 'desc').limit(c.config.MESSAGES_PER_PAGE).all();
    const html = await c.render('index.html', { messages: latest, errors, body });
    return [html, Object.keys(errors).length ? 400 : 200];
  });
}
