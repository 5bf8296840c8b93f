import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { createDatabase } from '../src/index.ts';
import { runDialectContract } from './contract.ts';
import { tables } from './fixtures/models.ts';
import { freshPostgres } from './fixtures/servers.ts';

runDialectContract('postgres', async (options) => {
  const server = await freshPostgres();
  return { db: await createDatabase(server.url, { ...options, pool: { max: 4 } }), cleanup: server.drop };
});

describe('postgres: a refused COMMIT with a small pool', () => {
  test('three failing transactions on pool max 2 leave the pool usable, and close() returns', async () => {
    const server = await freshPostgres();
    // A short connect timeout: a leaked connection makes the last query fail fast instead of hanging.
    const db = await createDatabase(server.url, { tables, pool: { max: 2, connectTimeoutMs: 3000 } });
    try {
      await sql`create table item (code text, constraint item_code unique (code) deferrable initially deferred)`.execute(
        db.kysely,
      );
      const insertTwice = async (tx: typeof db) => {
        await sql`insert into item (code) values ('a')`.execute(tx.kysely);
        await sql`insert into item (code) values ('a')`.execute(tx.kysely);
      };
      for (let i = 0; i < 3; i++) {
        await expect(db.transaction(insertTwice)).rejects.toMatchObject({ code: 'unique_violation' });
      }
      const { db: tx, commit } = await db.begin();
      await insertTwice(tx);
      await expect(commit()).rejects.toMatchObject({ code: 'unique_violation' });
      expect(
        Number((await sql<{ n: string }>`select count(*) as n from item`.execute(db.kysely)).rows[0]?.n),
      ).toBe(0);
    } finally {
      await db.close();
      await server.drop();
    }
  });
});
