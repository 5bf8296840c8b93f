import { belongsTo, column as c, hasMany, type RowOf, table } from '@flagon/orm';

/** A registered user; `password` holds a salted scrypt hash, never the password. */
export const users = table('user', {
  id: c.integer().primaryKey().autoIncrement(),
  username: c.string(255).unique(),
  password: c.text(),
});

/** A blog post written by a user. */
export const posts = table('post', {
  id: c.integer().primaryKey().autoIncrement(),
  authorId: c.integer().references(() => users.columns.id),
  created: c.timestamp().defaultNow(),
  title: c.text(),
  body: c.text(),
});

export const tables = { users, posts };

export const relations = {
  users: { posts: hasMany(posts, 'authorId') },
  posts: { author: belongsTo(users, 'authorId') },
};

export type User = RowOf<typeof users>;
export type Post = RowOf<typeof posts>;
