// A blueprint with its own templates folder, mounted at /notes.
import { Blueprint } from '@flagon/blueprints';

export const notes = new Blueprint('notes', {
  urlPrefix: '/notes',
  root: import.meta.dirname,
  templateFolder: 'templates',
});

notes.get('/', function index(c) {
  return c.render('notes/index.html', {
    notes: ['Workers have no file system.', 'Templates are precompiled.'],
  });
});

notes.get('/<int:id>', function show(c) {
  return { id: c.params.id, self: c.urlFor('.show', { id: c.params.id }) };
});
