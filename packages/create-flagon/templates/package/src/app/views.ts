import { messageForm } from './forms.ts';
import type { App } from './index.ts';

/** Adds the app's routes. Split this into views/ files (or blueprints) as the app grows. */
export function registerViews(app: App): void {
  app.route('/', { methods: ['GET', 'POST'] }, async function index(c) {
    const form = await messageForm.validate(c);
    if (form.ok) {
      await c.db.messages.create(form.data);
      c.flash('Thanks for your message!');
      return c.redirect('index');
    }
    const latest = await c.db.messages.orderBy('id', 'desc').limit(c.config.MESSAGES_PER_PAGE).all();
    const html = await c.render('index.html', { messages: latest, form });
    return [html, form.submitted ? 400 : 200];
  });
}
