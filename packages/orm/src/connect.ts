import { isAbsolute, resolve } from 'node:path';
import { CompiledQuery, type Dialect, Kysely, sql } from 'kysely';
import { type Database, makeDatabase, RESERVED_KEYS } from './database.js';
import { InstrumentedDialect } from './dialects/instrument.js';
import { FlagonSqliteDialect, type FlagonSqliteDriver } from './dialects/sqlite-dialect.js';
import { LruCache } from './dialects/statement-cache.js';
import { DatabaseError, toDatabaseError } from './errors.js';
import { TableCodec } from './internal/codec.js';
import type { LooseDb, RootState } from './internal/context.js';
import { DecodePlugin } from './internal/decode-plugin.js';
import type { Relations } from './relations.js';
import type { Tables } from './schema/table.js';
import { type NPlusOneOptions, QueryObserver } from './tracking.js';
import { type DatabaseUrl, type DialectName, parseDatabaseUrl } from './url.js';

/** Connection pool settings for PostgreSQL and MySQL. */
export interface PoolOptions {
  /** Maximum open connections. Default 10. */
  readonly max?: number;
  /** Milliseconds before an idle connection is closed. Default 10 000. */
  readonly idleTimeoutMs?: number;
  /** Milliseconds to wait for a connection. Default 10 000. */
  readonly connectTimeoutMs?: number;
}

/** Options for {@link createDatabase}. Every field is optional except `tables`. */
export interface DatabaseOptions<TS extends Tables, R extends Relations<TS>> {
  /** The database URL, when not given as the first argument. Default `sqlite:app.db`. */
  readonly url?: string;
  /** The tables, keyed by the property name they get on the database: `{ users, posts }`. */
  readonly tables: TS;
  /** Relations per table key, for eager loading with `.with()`. */
  readonly relations?: R;
  /** The folder relative SQLite paths resolve against (the app's instance folder). Default `process.cwd()`. */
  readonly baseDir?: string;
  /** Pool settings (PostgreSQL, MySQL). */
  readonly pool?: PoolOptions;
  /** Prepared statements kept per SQLite connection. Default 500. */
  readonly statementCacheSize?: number;
  /** Record every query in `db.queries`. Default false. */
  readonly recordQueries?: boolean;
  /** N+1 detection inside `db.track()` units of work. Default `{ threshold: 5, mode: 'warn' }`. */
  readonly nPlusOne?: NPlusOneOptions;
}

/** The defaults of {@link DatabaseOptions}, frozen. */
export const DATABASE_DEFAULTS = Object.freeze({
  /** The database when none is given: a SQLite file in `baseDir`. */
  url: 'sqlite:app.db',
  /** Pool settings for PostgreSQL and MySQL: 10 connections, 10 s idle and connect timeouts. */
  pool: Object.freeze({ max: 10, idleTimeoutMs: 10_000, connectTimeoutMs: 10_000 }),
  /** Prepared statements kept per SQLite connection. */
  statementCacheSize: 500,
  /** Whether every query is recorded in `db.queries`. */
  recordQueries: false,
  /** The N+1 detector inside `db.track()` and per request: report a SELECT shape run 5 times. */
  nPlusOne: Object.freeze({ threshold: 5, mode: 'warn' as const }),
});

async function load<T>(
  name: string,
  dialect: DialectName,
  url: string,
  importer: () => Promise<T>,
): Promise<T> {
  try {
    return await importer();
  } catch (cause) {
    throw new DatabaseError('missing_driver', `${dialect} needs the '${name}' package: pnpm add ${name}`, {
      url,
      cause,
    });
  }
}

async function makeDialect(
  parsed: DatabaseUrl,
  options: DatabaseOptions<Tables, Relations>,
): Promise<{ dialect: Dialect; sqlite?: FlagonSqliteDialect }> {
  const pool = { ...DATABASE_DEFAULTS.pool, ...options.pool };
  if (parsed.dialect === 'sqlite') {
    const { default: Sqlite } = await load(
      'better-sqlite3',
      'sqlite',
      parsed.masked,
      () => import('better-sqlite3'),
    );
    const memory = parsed.filename === ':memory:';
    const file =
      memory || isAbsolute(parsed.filename)
        ? parsed.filename
        : resolve(options.baseDir ?? process.cwd(), parsed.filename);
    let database: InstanceType<typeof Sqlite>;
    try {
      database = new Sqlite(file);
    } catch (cause) {
      throw new DatabaseError(
        'connection_failed',
        `cannot open SQLite database '${parsed.masked}' (${file}): ${(cause as Error).message}`,
        { url: parsed.masked, cause },
      );
    }
    if (!memory) database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    const sqlite = new FlagonSqliteDialect({
      database,
      statementCacheSize: options.statementCacheSize ?? DATABASE_DEFAULTS.statementCacheSize,
    });
    return { dialect: sqlite, sqlite };
  }
  if (parsed.dialect === 'postgres') {
    const { default: pg } = await load('pg', 'postgres', parsed.masked, () => import('pg'));
    const { PostgresDialect } = await import('kysely');
    const p = new pg.Pool({
      connectionString: parsed.connectionString,
      max: pool.max,
      idleTimeoutMillis: pool.idleTimeoutMs,
      connectionTimeoutMillis: pool.connectTimeoutMs,
    });
    p.on('error', () => {});
    return { dialect: new PostgresDialect({ pool: p }) };
  }
  const { default: mysql } = await load('mysql2', 'mysql', parsed.masked, () => import('mysql2'));
  const { MysqlDialect } = await import('kysely');
  const url = parsed.connectionString.replace(/^mariadb:/, 'mysql:');
  const p = mysql.createPool({
    uri: url,
    connectionLimit: pool.max,
    idleTimeout: pool.idleTimeoutMs,
    connectTimeout: pool.connectTimeoutMs,
    timezone: 'Z',
    dateStrings: false,
  });
  return {
    dialect: new MysqlDialect({
      pool: p,
      onCreateConnection: async (connection) => {
        await connection.executeQuery(CompiledQuery.raw("SET time_zone = '+00:00'"));
      },
    }),
  };
}

function describeCause(cause: unknown): string {
  if (cause instanceof AggregateError && cause.errors[0] instanceof Error) return cause.errors[0].message;
  if (cause instanceof Error) {
    if (cause.message) return cause.message;
    if (cause.cause !== undefined) return describeCause(cause.cause);
    return cause.name;
  }
  return String(cause);
}

function checkRelations(tables: Tables, relations: Relations): void {
  for (const [key, rels] of Object.entries(relations)) {
    const table = tables[key];
    if (!table)
      throw new DatabaseError('unknown_relation', `relations name '${key}', which is not a key of tables`);
    for (const [name, rel] of Object.entries(rels ?? {})) {
      const owner = rel.kind === 'belongsTo' ? table : rel.kind === 'manyToMany' ? rel.through : rel.target;
      if (owner && !Object.hasOwn(owner.columns, rel.foreignKey)) {
        throw new DatabaseError(
          'unknown_column',
          `relation '${key}.${name}': table '${owner.name}' has no column '${rel.foreignKey}'`,
          { table: owner.name, column: rel.foreignKey },
        );
      }
      if (!Object.values(tables).some((t) => t.name === rel.target.name)) {
        throw new DatabaseError(
          'unknown_relation',
          `relation '${key}.${name}' targets '${rel.target.name}', which is not in tables`,
        );
      }
    }
  }
}

/**
 * Opens a database from a URL — `sqlite:app.db` (relative to `baseDir`), `sqlite::memory:`,
 * `postgres://user:pass@host/db` or `mysql://user:pass@host/db` — and checks that it answers.
 * SQLite files get WAL and foreign keys.
 *
 * @throws DatabaseError `bad_url`, `missing_driver` or `connection_failed`, naming the URL
 *   with its password masked.
 * @example
 * ```ts
 * const db = await createDatabase('sqlite::memory:', { tables: { users, posts }, relations });
 * await db.createAll();
 * const user = await db.users.create({ username: 'ada', password: 'x' });
 * ```
 */
export async function createDatabase<
  const TS extends Tables,
  const R extends Relations<TS> = Record<never, never>,
>(url: string, options: DatabaseOptions<TS, R>): Promise<Database<TS, R>>;
export async function createDatabase<
  const TS extends Tables,
  const R extends Relations<TS> = Record<never, never>,
>(options: DatabaseOptions<TS, R>): Promise<Database<TS, R>>;
export async function createDatabase<const TS extends Tables, const R extends Relations<TS>>(
  urlOrOptions: string | DatabaseOptions<TS, R>,
  maybeOptions?: DatabaseOptions<TS, R>,
): Promise<Database<TS, R>> {
  const options = (typeof urlOrOptions === 'string' ? maybeOptions : urlOrOptions) as DatabaseOptions<TS, R>;
  const url = typeof urlOrOptions === 'string' ? urlOrOptions : (options.url ?? DATABASE_DEFAULTS.url);
  const parsed = parseDatabaseUrl(url);
  for (const key of Object.keys(options.tables)) {
    if (RESERVED_KEYS.includes(key)) {
      throw new TypeError(`table key '${key}' clashes with the database's own '${key}'; choose another key`);
    }
  }
  checkRelations(options.tables, options.relations ?? {});
  const observer = new QueryObserver(
    options.recordQueries ?? DATABASE_DEFAULTS.recordQueries,
    { ...DATABASE_DEFAULTS.nPlusOne, ...options.nPlusOne },
    options.nPlusOne !== undefined,
  );
  const { dialect, sqlite } = await makeDialect(parsed, options as DatabaseOptions<Tables, Relations>);
  const instrumented = new InstrumentedDialect(dialect, {
    before: (q) => observer.before(q),
    after: (q, params, ms) => observer.after(q, params, ms),
    error: (error, q) => toDatabaseError(error, { sql: q }),
  });
  const kysely = new Kysely<LooseDb>({ dialect: instrumented });
  const driver = instrumented.driver;
  if (!driver) throw new TypeError('Kysely did not create the driver');
  try {
    await sql`select 1`.execute(kysely);
  } catch (cause) {
    await kysely.destroy().catch(() => {});
    const reason = describeCause(cause);
    throw new DatabaseError('connection_failed', `cannot connect to ${parsed.masked}: ${reason}`, {
      url: parsed.masked,
      cause,
    });
  }
  const codecs = new Map<string, TableCodec>();
  const keyByName = new Map<string, string>();
  for (const [key, table] of Object.entries(options.tables)) {
    codecs.set(key, new TableCodec(table, parsed.dialect));
    keyByName.set(table.name, key);
  }
  const byName = new Map([...codecs.values()].map((codec) => [codec.table.name, codec]));
  const root: RootState = {
    decoder: new DecodePlugin(byName),
    dialect: parsed.dialect,
    url: parsed.masked,
    tables: options.tables,
    relations: (options.relations ?? {}) as RootState['relations'],
    codecs,
    keyByName,
    compiled: new LruCache(1000),
    observer,
    sqlite: sqlite?.driver as FlagonSqliteDriver | undefined,
    kysely,
    transactions: { kysely, dialect: instrumented, driver },
  };
  return makeDatabase<TS, R>({ root, kysely, depth: 0 });
}
