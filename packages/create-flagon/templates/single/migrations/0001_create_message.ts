import { column, createTables, dropTables, table } from '@flagon/orm';

// The table as it is at this migration (later changes go in new migrations: flagon db make NAME).
const messages = table('message', {
  id: column.integer().primaryKey().autoIncrement(),
  body: column.text(),
  created: column.timestamp().defaultNow(),
});

type Db = Parameters<typeof createTables>[0];

export async function up(db: Db): Promise<void> {
  await createTables(db, [messages]);
}

export async function down(db: Db): Promise<void> {
  await dropTables(db, [messages]);
}
