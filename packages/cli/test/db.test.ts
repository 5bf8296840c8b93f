import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { copyFixture, flagon, removeCopies } from './helpers.ts';

describe('flagon db migrate from two processes at once (SQLite)', { timeout: 60_000 }, () => {
  // Its copy is removed with the others by the afterAll below.
  test('the second waits for the lock; each prints only the migrations it applied', async () => {
    const dir = copyFixture('blog');
    writeFileSync(
      join(dir, 'migrations', '0003_slow.ts'),
      `export async function up() {\n  await new Promise((resolve) => setTimeout(resolve, 1500));\n}\nexport async function down() {}\n`,
    );
    const env = { BLOG_DATABASE_URL: `sqlite:${join(dir, 'blog.db')}` };
    const runs = await Promise.all([
      flagon(['db', 'migrate'], { cwd: dir, env }),
      flagon(['db', 'migrate'], { cwd: dir, env }),
    ]);
    expect(runs.map((r) => [r.code, r.stderr])).toEqual([
      [0, ''],
      [0, ''],
    ]);
    const applied = runs.flatMap((r) => [...r.stdout.matchAll(/^ {2}applied (\S+) /gm)].map((m) => m[1]));
    expect(applied.sort()).toEqual(['0001_create_post', '0002_add_tag', '0003_slow']);
    for (const run of runs) {
      const mine = [...run.stdout.matchAll(/^ {2}applied /gm)].length;
      if (mine > 0) expect(run.stdout).toContain(`Done: ${mine} migration(s) applied`);
    }
  });
});

describe('flagon db on SQLite', { timeout: 30_000 }, () => {
  afterAll(removeCopies);
  const dir = copyFixture('blog');
  const env = { BLOG_DATABASE_URL: `sqlite:${join(dir, 'blog.db')}` };

  test('status lists pending migrations, migrate applies them one by one, status shows them applied', async () => {
    const before = await flagon(['db', 'status'], { cwd: dir, env });
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(/^0001_create_post\s+pending$/m);
    expect(before.stdout).toContain('2 pending: run flagon db migrate');

    const migrate = await flagon(['db', 'migrate'], { cwd: dir, env });
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toMatch(
      /^Applying 2 migration\(s\) from migrations:\n {2}applied 0001_create_post \(\d+ ms\)\n {2}applied 0002_add_tag \(\d+ ms\)\nDone: 2 migration\(s\) applied\.\n$/,
    );

    const after = await flagon(['db', 'status'], { cwd: dir, env });
    expect(after.stdout).toMatch(/^0001_create_post\s+\d{4}-\d\d-\d\dT/m);
    expect(after.stdout).toMatch(/^0002_add_tag\s+\d{4}-\d\d-\d\dT/m);
    expect(after.stdout).toContain('Up to date.');
    expect((await flagon(['db', 'migrate'], { cwd: dir, env })).stdout).toBe(
      'No pending migrations: the database is up to date.\n',
    );
  });

  test('seed runs seeds.ts with the db', async () => {
    const { code, stdout } = await flagon(['db', 'seed'], { cwd: dir, env });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^posts: 1\nSeeded from seeds\.ts \(\d+ ms\)\.\n$/);
  });

  test('rollback reverts the last migration', async () => {
    const { stdout } = await flagon(['db', 'rollback'], { cwd: dir, env });
    expect(stdout).toBe('  reverted 0002_add_tag\nDone: 1 migration(s) reverted.\n');
    expect((await flagon(['db', 'status'], { cwd: dir, env })).stdout).toMatch(/^0002_add_tag\s+pending$/m);
    const all = await flagon(['db', 'rollback', '--all'], { cwd: dir, env });
    expect(all.stdout).toContain('reverted 0001_create_post');
    const bad = await flagon(['db', 'rollback', '--steps', 'two'], { cwd: dir, env });
    expect(bad.code).toBe(2);
  });

  test('make writes a migration stub', async () => {
    const { code, stdout } = await flagon(['db', 'make', 'add', 'comments'], { cwd: dir, env });
    expect(code).toBe(0);
    const made = readdirSync(join(dir, 'migrations')).find((f) => f.endsWith('_add_comments.ts'));
    expect(made).toBeDefined();
    expect(stdout).toBe(`Created migrations/${made}\n`);
    expect(readFileSync(join(dir, 'migrations', made as string), 'utf8')).toContain(
      'export async function up(',
    );
  });

  test('bad subcommands and a missing database are one clear message', async () => {
    const unknown = await flagon(['db', 'upgrade'], { cwd: dir, env });
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.stderr).toBe(
      'Error: Unknown db subcommand "upgrade": use make, migrate, rollback, status or seed.\n',
    );
    const shop = copyFixture('shop');
    expect(existsSync(join(shop, 'migrations'))).toBe(false);
    const noDb = await flagon(['db', 'status'], { cwd: shop, env: { SHOP_DATABASE_URL: 'sqlite::memory:' } });
    expect(noDb.stdout).toBe('No migrations in migrations. Create one with: flagon db make NAME\n');
  });
});
