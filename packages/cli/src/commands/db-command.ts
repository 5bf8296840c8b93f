import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { closeDatabase, findDatabase, findTables } from '../app-objects.ts';
import { CliError } from '../cli-error.ts';
import { discoverApp, type LoadedApp, projectRoot } from '../discover.ts';
import { parseCommandArgs } from '../internal/parse.ts';
import { textTable } from '../internal/text-table.ts';
import type { BuiltinCommand, CommandContext } from '../io.ts';

type Orm = typeof import('@flagon/orm');
type Db = Parameters<Orm['migrate']>[0];

const HELP = `Usage: flagon db SUBCOMMAND

Manage the app's database with @flagon/orm migrations.

Subcommands:
  make NAME          write migrations/<timestamp>_<name>.ts with up() and down() stubs
  migrate            apply every pending migration, one by one
  rollback [--steps N | --all]
                     revert the last applied migration (or N, or all)
  status             list migrations and when each was applied
  seed               run the default export of seeds.ts (or seed.ts) with the db

The database is the app's: a "db" export of its module, app.db, an extension named "orm",
or a "db" export of a models.ts beside it; else one opened from config DATABASE_URL.
Migrations live in config MIGRATIONS_FOLDER, else migrations/ in the project (next to
package.json), else migrations/ beside the app's module.`;

/** The migrations folder of an app: config `MIGRATIONS_FOLDER`, else `migrations/` in the project or beside the app. */
export function migrationsFolder(loaded: LoadedApp, cwd: string): string {
  const configured = (loaded.app.config as unknown as Record<string, unknown>).MIGRATIONS_FOLDER;
  const root = projectRoot(loaded.file, cwd);
  if (typeof configured === 'string' && configured) return resolve(root, configured);
  const beside = resolve(dirname(loaded.file), 'migrations');
  const inProject = resolve(root, 'migrations');
  return existsSync(inProject) || !existsSync(beside) ? inProject : beside;
}

async function openDatabase(loaded: LoadedApp, cwd: string, orm: Orm): Promise<{ db: Db; own: boolean }> {
  const found = await findDatabase(loaded);
  if (found) return { db: found as Db, own: false };
  const url = (loaded.app.config as unknown as Record<string, unknown>).DATABASE_URL;
  if (typeof url !== 'string' || !url) {
    throw new CliError(
      'failed',
      'The app has no database: export "db" from its module (or set app.db), or set DATABASE_URL in its config.',
    );
  }
  const tables = (await findTables(loaded)) as Parameters<Orm['createDatabase']>[0] extends {
    tables: infer T;
  }
    ? T
    : never;
  const db = await orm.createDatabase({ url, tables, baseDir: projectRoot(loaded.file, cwd) });
  return { db: db as unknown as Db, own: true };
}

async function withDatabase(
  context: CommandContext,
  work: (db: Db, orm: Orm, loaded: LoadedApp) => Promise<number>,
  needsMigrations = true,
): Promise<number> {
  const loaded = await discoverApp({ app: context.globals.app, cwd: context.cwd, env: context.env });
  const folder = migrationsFolder(loaded, context.cwd);
  if (needsMigrations && !existsSync(folder)) {
    context.io.out(
      `No migrations in ${relative(context.cwd, folder) || '.'}. Create one with: flagon db make NAME`,
    );
    return 0;
  }
  const orm = await import('@flagon/orm');
  const { db } = await openDatabase(loaded, context.cwd, orm);
  try {
    return await work(db, orm, loaded);
  } finally {
    await closeDatabase(db);
  }
}

function ms(since: number): string {
  return `${Math.round(performance.now() - since)} ms`;
}

export const dbCommand: BuiltinCommand = {
  name: 'db',
  summary: 'Database migrations and seeds: make, migrate, rollback, status, seed.',
  help: HELP,
  async run(context) {
    const [sub, ...rest] = context.argv;
    const { io, cwd } = context;
    switch (sub) {
      case 'make': {
        const { positionals } = parseCommandArgs('db make', rest, {}, true);
        const name = positionals.join(' ');
        if (!name)
          throw new CliError(
            'usage',
            'flagon db make: give the migration a name, e.g. flagon db make add-tags',
          );
        const loaded = await discoverApp({ app: context.globals.app, cwd, env: context.env });
        const orm = await import('@flagon/orm');
        const file = await orm.makeMigration(migrationsFolder(loaded, cwd), name);
        io.out(`Created ${relative(cwd, file)}`);
        return 0;
      }
      case 'migrate': {
        parseCommandArgs('db migrate', rest, {});
        return withDatabase(context, async (db, orm, loaded) => {
          const folder = migrationsFolder(loaded, cwd);
          const pending = (await orm.migrationStatus(db, { folder })).filter((m) => m.executedAt === null);
          if (pending.length === 0) {
            io.out('No pending migrations: the database is up to date.');
            return 0;
          }
          io.out(`Applying ${pending.length} migration(s) from ${relative(cwd, folder) || '.'}:`);
          // Print what migrateUp reports this process applied: another process migrating at the
          // same time may have applied some of them while this one waited for the lock.
          let applied = 0;
          for (;;) {
            const started = performance.now();
            const outcomes = await orm.migrateUp(db, { folder });
            if (outcomes.length === 0) break;
            for (const outcome of outcomes) io.out(`  applied ${outcome.name} (${ms(started)})`);
            applied += outcomes.length;
          }
          const others = pending.length - applied;
          io.out(
            `Done: ${applied} migration(s) applied${others > 0 ? `; ${others} applied by another process meanwhile` : ''}.`,
          );
          return 0;
        });
      }
      case 'rollback': {
        const { values } = parseCommandArgs('db rollback', rest, {
          steps: { type: 'string', default: '1' },
          all: { type: 'boolean', default: false },
        });
        const steps = values.all ? ('all' as const) : Number(values.steps);
        if (steps !== 'all' && (!Number.isInteger(steps) || steps < 1)) {
          throw new CliError(
            'usage',
            `flagon db rollback: --steps must be a whole number above 0, not "${values.steps}".`,
          );
        }
        return withDatabase(context, async (db, orm, loaded) => {
          const folder = migrationsFolder(loaded, cwd);
          const outcomes = await orm.rollback(db, { folder, steps });
          if (outcomes.length === 0) io.out('Nothing to roll back: no migration is applied.');
          for (const outcome of outcomes) io.out(`  reverted ${outcome.name}`);
          if (outcomes.length) io.out(`Done: ${outcomes.length} migration(s) reverted.`);
          return 0;
        });
      }
      case 'status': {
        parseCommandArgs('db status', rest, {});
        return withDatabase(context, async (db, orm, loaded) => {
          const folder = migrationsFolder(loaded, cwd);
          const list = await orm.migrationStatus(db, { folder });
          if (list.length === 0) {
            io.out(`No migrations in ${relative(cwd, folder) || '.'}. Create one with: flagon db make NAME`);
            return 0;
          }
          io.out(
            textTable(
              ['Migration', 'Applied'],
              list.map((m) => [m.name, m.executedAt ? m.executedAt.toISOString() : 'pending']),
            ),
          );
          const pending = list.filter((m) => m.executedAt === null).length;
          io.out(pending ? `${pending} pending: run flagon db migrate` : 'Up to date.');
          return 0;
        });
      }
      case 'seed': {
        parseCommandArgs('db seed', rest, {});
        return withDatabase(
          context,
          async (db, _orm, loaded) => {
            const root = projectRoot(loaded.file, cwd);
            const places = [root, dirname(loaded.file)].flatMap((dir) =>
              ['seeds.ts', 'seed.ts', 'seeds.js', 'seed.js'].map((name) => resolve(dir, name)),
            );
            const file = places.find((place) => existsSync(place));
            if (!file) {
              throw new CliError(
                'failed',
                `No seed file: tried ${[...new Set(places.map((p) => relative(cwd, p)))].join(', ')}.`,
              );
            }
            const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
            if (typeof module.default !== 'function') {
              throw new CliError('failed', `${relative(cwd, file)} must export a default function (db) => …`);
            }
            const started = performance.now();
            await module.default(db, { app: loaded.app, print: (line: string) => io.out(line) });
            io.out(`Seeded from ${relative(cwd, file)} (${ms(started)}).`);
            return 0;
          },
          false,
        );
      }
      case undefined:
      case 'help':
        io.out(HELP);
        return sub === undefined ? 2 : 0;
      default:
        throw new CliError(
          'usage',
          `Unknown db subcommand "${sub}": use make, migrate, rollback, status or seed.`,
        );
    }
  },
};
