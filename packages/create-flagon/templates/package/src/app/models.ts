import { column, type Database, table } from '@flagon/orm';

/** A message left in the guestbook. Its table is created by migrations/0001_create_message.ts. */
export const messages = table('message', {
  id: column.integer().primaryKey().autoIncrement(),
  body: column.text(),
  created: column.timestamp().defaultNow(),
});

/** Every table, keyed by the name it has on the database: `db.messages`. */
export const tables = { messages };

/** The app's database type. */
export type Db = Database<typeof tables>;
