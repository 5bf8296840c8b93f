// The fixture's tables for @flagon/orm: the property name is the SQL column name.

import { belongsTo, column as c, createDatabase, table } from '@flagon/orm';

export const users = table('users', {
  id: c.integer().primaryKey().autoIncrement(),
  name: c.text(),
  email: c.text(),
});

export const posts = table('posts', {
  id: c.integer().primaryKey().autoIncrement(),
  author_id: c.integer().references(() => users.columns.id),
  title: c.text(),
});

export const tables = { users, posts };
export const relations = { posts: { author: belongsTo(users, 'author_id') } };

/** Opens the fixture through @flagon/orm. */
export function openDatabase(path: string) {
  return createDatabase(`sqlite:${path}`, { tables, relations });
}
