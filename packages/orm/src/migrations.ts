import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Kysely, MysqlAdapter, PostgresAdapter } from 'kysely';
import {
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
  Migrator,
  NO_MIGRATIONS,
} from 'kysely/migration';
import { DatabaseError } from './errors.js';
import type { LooseDb } from './internal/context.js';
import { createTable, dropTable, sortByDependencies } from './internal/ddl.js';
import type { Table } from './schema/table.js';
import type { DialectName } from './url.js';

/** Options for the migration functions. */
export interface MigrationOptions {
  /** The folder holding migration files (`.ts`, `.js`, `.mjs`), applied in name order. */
  readonly folder: string;
  /** The table recording applied migrations. Default `flagon_migration` (lock: `flagon_migration_lock`). */
  readonly table?: string;
}

/** What the migration functions need of a database: a `Database` from `createDatabase` fits. */
export interface Migratable<DB> {
  readonly kysely: Kysely<DB>;
  readonly inTransaction: boolean;
}

/** One migration's outcome. */
export interface MigrationOutcome {
  readonly name: string;
  readonly direction: 'Up' | 'Down';
  readonly status: 'Success' | 'Error' | 'NotExecuted';
}

/** One migration file and when it was applied (null: pending). */
export interface MigrationStatus {
  readonly name: string;
  readonly executedAt: Date | null;
}

const EXTENSIONS = /\.(?:ts|mts|js|mjs)$/;

class FolderProvider implements MigrationProvider {
  readonly #folder: string;

  constructor(folder: string) {
    this.#folder = resolve(folder);
  }

  async getMigrations(): Promise<Record<string, Migration>> {
    let files: string[];
    try {
      files = await readdir(this.#folder);
    } catch (cause) {
      throw new DatabaseError('migration_failed', `cannot read migrations folder ${this.#folder}`, { cause });
    }
    const out: Record<string, Migration> = {};
    for (const file of files.filter((f) => EXTENSIONS.test(f) && !f.endsWith('.d.ts')).sort()) {
      const mod = (await import(pathToFileURL(join(this.#folder, file)).href)) as Partial<Migration>;
      if (typeof mod.up !== 'function') {
        throw new DatabaseError(
          'migration_failed',
          `migration ${join(this.#folder, file)} exports no up(db) function`,
        );
      }
      out[file.replace(EXTENSIONS, '')] = { up: mod.up, down: mod.down };
    }
    return out;
  }
}

function migrator<DB>(db: Migratable<DB>, options: MigrationOptions): Migrator {
  if (db.inTransaction)
    throw new DatabaseError('migration_failed', 'run migrations on the database, not inside a transaction');
  const table = options.table ?? 'flagon_migration';
  return new Migrator({
    db: db.kysely as unknown as Kysely<LooseDb>,
    provider: new FolderProvider(options.folder),
    migrationTableName: table,
    migrationLockTableName: `${table}_lock`,
  });
}

function settle(set: MigrationResultSet): MigrationOutcome[] {
  const results = (set.results ?? []).map(({ migrationName, direction, status }) => ({
    name: migrationName,
    direction,
    status,
  }));
  if (set.error) {
    const failed = results.find((r) => r.status === 'Error');
    const cause = set.error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new DatabaseError(
      'migration_failed',
      `migration ${failed ? `'${failed.name}' ` : ''}failed: ${reason}${failed ? '; it was rolled back where the database supports transactional DDL' : ''}`,
      { cause },
    );
  }
  return results;
}

/**
 * Applies every pending migration in `folder`, in name order, under a lock so two processes
 * cannot migrate at once.
 *
 * @throws DatabaseError `migration_failed` naming the migration that failed.
 * @example
 * ```ts
 * await migrate(db, { folder: 'migrations' });
 * ```
 */
export async function migrate<DB>(
  db: Migratable<DB>,
  options: MigrationOptions,
): Promise<MigrationOutcome[]> {
  return settle(await migrator(db, options).migrateToLatest());
}

/** Applies the next pending migration only. */
export async function migrateUp<DB>(
  db: Migratable<DB>,
  options: MigrationOptions,
): Promise<MigrationOutcome[]> {
  return settle(await migrator(db, options).migrateUp());
}

/** Reverts the last applied migration (`steps` of them, or all with `steps: 'all'`). */
export async function rollback<DB>(
  db: Migratable<DB>,
  options: MigrationOptions & { readonly steps?: number | 'all' },
): Promise<MigrationOutcome[]> {
  const m = migrator(db, options);
  if (options.steps === 'all') return settle(await m.migrateTo(NO_MIGRATIONS));
  const out: MigrationOutcome[] = [];
  for (let i = 0; i < (options.steps ?? 1); i++) {
    const step = settle(await m.migrateDown());
    if (step.length === 0) break;
    out.push(...step);
  }
  return out;
}

/** Reverts the last applied migration; the same as `rollback(db, { folder, steps: 1 })`. */
export function migrateDown<DB>(db: Migratable<DB>, options: MigrationOptions): Promise<MigrationOutcome[]> {
  return rollback(db, { ...options, steps: 1 });
}

/** Every migration file with when it was applied. */
export async function migrationStatus<DB>(
  db: Migratable<DB>,
  options: MigrationOptions,
): Promise<MigrationStatus[]> {
  const infos = await migrator(db, options).getMigrations();
  return infos.map((i) => ({ name: i.name, executedAt: i.executedAt ?? null }));
}

/**
 * Writes a new migration file `<timestamp>_<name>.ts` with `up`/`down` stubs; returns its path.
 *
 * @example
 * ```ts
 * await makeMigration('migrations', 'add post tags'); // migrations/20260101120000_add_post_tags.ts
 * ```
 */
export async function makeMigration(folder: string, name: string, now: Date = new Date()): Promise<string> {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  if (!slug) throw new TypeError(`migration name '${name}' has no letters or digits`);
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  await mkdir(folder, { recursive: true });
  const file = join(folder, `${stamp}_${slug}.ts`);
  await writeFile(
    file,
    `import type { Kysely } from 'kysely';

// Migration: ${name}
export async function up(db: Kysely<unknown>): Promise<void> {
  // await db.schema.createTable('thing').addColumn('id', 'integer', (c) => c.primaryKey()).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // await db.schema.dropTable('thing').execute();
}
`,
    { flag: 'wx' },
  );
  return file;
}

/** The dialect a Kysely instance speaks (for migrations that need to know). */
export function dialectOf(db: Kysely<unknown>): DialectName {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof MysqlAdapter) return 'mysql';
  return 'sqlite';
}

/**
 * Creates tables from their definitions inside a migration, on any dialect, referenced
 * tables first.
 *
 * @example
 * ```ts
 * export async function up(db: Kysely<unknown>) { await createTables(db, [users, posts]); }
 * ```
 */
export async function createTables(db: Kysely<unknown>, tables: readonly Table[]): Promise<void> {
  const dialect = dialectOf(db);
  for (const t of sortByDependencies(tables)) await createTable(db as unknown as Kysely<LooseDb>, dialect, t);
}

/** Drops tables from their definitions, referencing tables first. */
export async function dropTables(db: Kysely<unknown>, tables: readonly Table[]): Promise<void> {
  for (const t of sortByDependencies(tables).reverse()) await dropTable(db as unknown as Kysely<LooseDb>, t);
}
