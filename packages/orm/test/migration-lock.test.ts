import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createDatabase, type Database, migrateUp, migrationStatus } from '../src/index.ts';
import { freshMysql, freshPostgres } from './fixtures/servers.ts';

/** A database every connection of the test reaches: a file for SQLite, a fresh database otherwise. */
const SERVERS = {
  sqlite: async (folder: string) => ({ url: `sqlite:${join(folder, 'app.db')}`, drop: async () => {} }),
  postgres: () => freshPostgres(),
  mysql: () => freshMysql(),
};

/** What `flagon db migrate` does: `migrateUp` until nothing is left, printing what each step applied. */
async function migrateOneByOne(db: Database<Record<never, never>>, folder: string): Promise<string[]> {
  const applied: string[] = [];
  for (;;) {
    const outcomes = await migrateUp(db, { folder });
    if (outcomes.length === 0) return applied;
    for (const outcome of outcomes) applied.push(`${outcome.name}:${outcome.status}`);
  }
}

describe.each(Object.keys(SERVERS) as (keyof typeof SERVERS)[])(
  '%s: two processes migrating one database at once',
  (dialect) => {
    test('every migration runs once, and each process reports only the ones it applied', async () => {
      const folder = await mkdtemp(join(tmpdir(), `flagon-mig-${dialect}-`));
      const entered = `flagonEntered_${dialect}_${process.pid}`;
      const record = (name: string) => `(globalThis.${entered} ??= []).push('${name}');`;
      const names = ['0001_create_thing', '0002_slow', '0003_add_label'];
      await writeFile(
        join(folder, `${names[0]}.ts`),
        `export async function up(db) {\n  ${record(names[0] as string)}\n  await db.schema.createTable('thing').addColumn('id', 'integer').execute();\n}\n`,
      );
      await writeFile(
        join(folder, `${names[1]}.ts`),
        `export async function up(db) {\n  ${record(names[1] as string)}\n  await new Promise((resolve) => setTimeout(resolve, 400));\n  await db.schema.alterTable('thing').addColumn('note', 'text').execute();\n}\n`,
      );
      await writeFile(
        join(folder, `${names[2]}.ts`),
        `export async function up(db) {\n  ${record(names[2] as string)}\n  await db.schema.alterTable('thing').addColumn('label', 'text').execute();\n}\n`,
      );
      const server = await SERVERS[dialect](folder);
      // Two Database objects are two connections (pools), as two `flagon db migrate` would be.
      const one = await createDatabase(server.url, { tables: {} });
      const two = await createDatabase(server.url, { tables: {} });
      try {
        const [a, b] = await Promise.all([migrateOneByOne(one, folder), migrateOneByOne(two, folder)]);
        // Between them they applied each migration once; neither reports one the other applied.
        expect([...a, ...b].sort()).toEqual(names.map((name) => `${name}:Success`));
        expect((globalThis as Record<string, unknown>)[entered]).toEqual(names);
        expect((await migrationStatus(two, { folder })).every((s) => s.executedAt instanceof Date)).toBe(
          true,
        );
        expect(await migrateOneByOne(one, folder)).toEqual([]);
      } finally {
        await one.close();
        await two.close();
        await server.drop();
        await rm(folder, { recursive: true, force: true });
      }
    });
  },
);
