import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createDatabase, migrate, migrationStatus } from '../src/index.ts';
import { runDialectContract } from './contract.ts';

runDialectContract('sqlite', async (options) => ({
  db: await createDatabase('sqlite::memory:', options),
  cleanup: async () => {},
}));

describe('sqlite: migrations from two processes on one file', () => {
  test('the second waits for the first, applies nothing, and each reports only what it applied', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'flagon-mig-lock-'));
    const entered = `flagonEntered_${process.pid}`;
    const record = (name: string) => `(globalThis.${entered} ??= []).push('${name}');`;
    await writeFile(
      join(folder, '0001_create_thing.ts'),
      `export async function up(db) {
  ${record('0001_create_thing')}
  await db.schema.createTable('thing').addColumn('id', 'integer').execute();
}
`,
    );
    await writeFile(
      join(folder, '0002_slow.ts'),
      `export async function up(db) {
  ${record('0002_slow')}
  await new Promise((resolve) => setTimeout(resolve, 400));
  await db.schema.alterTable('thing').addColumn('note', 'text').execute();
}
`,
    );
    const file = join(folder, 'app.db');
    // Two Database objects are two connections to the file, as two `flagon db migrate` would be.
    const one = await createDatabase(`sqlite:${file}`, { tables: {} });
    const two = await createDatabase(`sqlite:${file}`, { tables: {} });
    try {
      const [a, b] = await Promise.all([migrate(one, { folder }), migrate(two, { folder })]);
      const reports = [a, b].map((outcomes) => outcomes.map((o) => `${o.name}:${o.status}`));
      expect(reports.sort((x, y) => y.length - x.length)).toEqual([
        ['0001_create_thing:Success', '0002_slow:Success'],
        [],
      ]);
      expect((globalThis as Record<string, unknown>)[entered]).toEqual(['0001_create_thing', '0002_slow']);
      expect((await migrationStatus(two, { folder })).every((s) => s.executedAt instanceof Date)).toBe(true);
      expect(await migrate(one, { folder })).toEqual([]);
    } finally {
      await one.close();
      await two.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
