import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { LruCache } from './statement-cache.js';

/** The parts of a better-sqlite3 statement the dialect uses (structural, so no driver types are needed). */
export interface SqliteStatement {
  /** True when the statement returns rows. */
  readonly reader: boolean;
  readonly database: SqliteDatabase;
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  iterate(...params: unknown[]): IterableIterator<unknown>;
}

/** The parts of a better-sqlite3 `Database` the dialect uses. */
export interface SqliteDatabase {
  readonly open: boolean;
  /** True while a transaction is open on the connection. */
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  close(): unknown;
}

/** How long a migration waits for another process's migration lock: an hour, as Kysely's MySQL lock. */
const MIGRATION_LOCK_WAIT_MS = 60 * 60 * 1000;

function isBusy(error: unknown): boolean {
  for (let e = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return true;
  }
  return false;
}

/**
 * Kysely's SQLite adapter, reporting transactional DDL (which SQLite has), so a failed
 * migration is rolled back as a whole, and taking a real migration lock: `BEGIN IMMEDIATE`
 * holds the database's write lock, so a second process migrating the same file waits, then
 * finds the migrations applied. Kysely opens the migration's transaction inside it (the driver
 * nests it as a savepoint) and the lock is released by committing.
 */
class FlagonSqliteAdapter extends SqliteAdapter {
  /** Whether this process holds the lock (one connection per database, so one flag). */
  #locked = false;

  override get supportsTransactionalDdl(): boolean {
    return true;
  }

  override async acquireMigrationLock(db: Kysely<unknown>): Promise<void> {
    const deadline = Date.now() + MIGRATION_LOCK_WAIT_MS;
    const read = await db.executeQuery<{ timeout: number }>(CompiledQuery.raw('pragma busy_timeout'));
    const timeout = Number(read.rows[0]?.timeout ?? 5000);
    // better-sqlite3 waits for a lock synchronously: poll without that wait, so the event loop
    // (and a migration of this same process on another connection) keeps running meanwhile.
    await db.executeQuery(CompiledQuery.raw('pragma busy_timeout = 0'));
    try {
      for (;;) {
        try {
          await db.executeQuery(CompiledQuery.raw('begin immediate'));
          this.#locked = true;
          return;
        } catch (error) {
          if (!isBusy(error) || Date.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      }
    } finally {
      await db.executeQuery(CompiledQuery.raw(`pragma busy_timeout = ${timeout}`));
    }
  }

  override async releaseMigrationLock(db: Kysely<unknown>): Promise<void> {
    if (!this.#locked) return;
    this.#locked = false;
    // The migration's own transaction committed or rolled back to its savepoint: commit what is left.
    try {
      await db.executeQuery(CompiledQuery.raw('commit'));
    } catch (error) {
      await db.executeQuery(CompiledQuery.raw('rollback')).catch(() => {});
      throw error;
    }
  }
}

/** Options for {@link FlagonSqliteDialect}. */
export interface FlagonSqliteDialectConfig {
  /** An open better-sqlite3 database. The dialect closes it on `destroy()`. */
  readonly database: SqliteDatabase;
  /** Prepared statements kept per connection. Default 500. */
  readonly statementCacheSize?: number;
}

/** better-sqlite3 binds only numbers, strings, bigints, buffers and null. */
function bindable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

function bindAll(parameters: readonly unknown[]): unknown[] {
  const out = new Array<unknown>(parameters.length);
  for (let i = 0; i < parameters.length; i++) out[i] = bindable(parameters[i]);
  return out;
}

/**
 * The one connection to a better-sqlite3 database, preparing each SQL text once and
 * keeping the statement in a bounded LRU cache.
 */
export class SqliteStatementConnection implements DatabaseConnection {
  readonly database: SqliteDatabase;
  readonly #statements: LruCache<string, SqliteStatement>;

  constructor(database: SqliteDatabase, cacheSize: number) {
    this.database = database;
    this.#statements = new LruCache(cacheSize);
  }

  /** The prepared statement for `sql`, prepared on first use. */
  prepare(sql: string): SqliteStatement {
    let stmt = this.#statements.get(sql);
    if (stmt === undefined) {
      stmt = this.database.prepare(sql);
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }

  /** Runs a query synchronously. */
  executeSync<R>(sql: string, parameters: readonly unknown[]): QueryResult<R> {
    const stmt = this.prepare(sql);
    const params = bindAll(parameters);
    if (stmt.reader) return { rows: stmt.all(params) as R[] };
    const { changes, lastInsertRowid } = stmt.run(params);
    return { insertId: BigInt(lastInsertRowid), numAffectedRows: BigInt(changes), rows: [] };
  }

  /**
   * The first row of a reading query, or undefined; synchronous. `parameters` must already
   * be bindable (numbers, strings, bigints, buffers, null), as the ORM's encoded values are.
   */
  getSync<R>(sql: string, parameters: readonly unknown[]): R | undefined {
    return this.prepare(sql).get(...parameters) as R | undefined;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return this.executeSync<R>(compiledQuery.sql, compiledQuery.parameters);
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const stmt = this.prepare(compiledQuery.sql);
    for (const row of stmt.iterate(bindAll(compiledQuery.parameters))) yield { rows: [row as R] };
  }

  clear(): void {
    this.#statements.clear();
  }
}

/** Driver for {@link FlagonSqliteDialect}: one connection, statement cache, savepoints. */
export class FlagonSqliteDriver implements Driver {
  readonly connection: SqliteStatementConnection;
  /** True while Kysely holds the connection (a query or transaction is in flight). */
  inUse = false;
  /** For each transaction begun: whether it nests inside one already open (the migration lock's). */
  readonly #nested: boolean[] = [];

  constructor(config: FlagonSqliteDialectConfig) {
    this.connection = new SqliteStatementConnection(config.database, config.statementCacheSize ?? 500);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    this.inUse = true;
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const nested = this.connection.database.inTransaction;
    await connection.executeQuery(CompiledQuery.raw(nested ? 'savepoint flagon_nested' : 'begin'));
    this.#nested.push(nested);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const nested = this.#nested.at(-1) ?? false;
    await connection.executeQuery(CompiledQuery.raw(nested ? 'release flagon_nested' : 'commit'));
    this.#nested.pop();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const nested = this.#nested.pop() ?? false;
    if (!nested) {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
      return;
    }
    await connection.executeQuery(CompiledQuery.raw('rollback to flagon_nested'));
    await connection.executeQuery(CompiledQuery.raw('release flagon_nested'));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint "${name}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to "${name}"`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release "${name}"`));
  }

  async releaseConnection(): Promise<void> {
    this.inUse = false;
  }

  async destroy(): Promise<void> {
    this.connection.clear();
    if (this.connection.database.open) this.connection.database.close();
  }
}

/**
 * A Kysely dialect for better-sqlite3 that prepares each distinct SQL text once per
 * connection (Kysely's stock `SqliteDialect` prepares on every query).
 *
 * @example
 * ```ts
 * const kysely = new Kysely<DB>({ dialect: new FlagonSqliteDialect({ database: new Database(':memory:') }) });
 * ```
 */
export class FlagonSqliteDialect implements Dialect {
  readonly #config: FlagonSqliteDialectConfig;
  #driver: FlagonSqliteDriver | undefined;

  constructor(config: FlagonSqliteDialectConfig) {
    this.#config = config;
  }

  /** The driver once Kysely created it. */
  get driver(): FlagonSqliteDriver | undefined {
    return this.#driver;
  }

  createDriver(): Driver {
    this.#driver = new FlagonSqliteDriver(this.#config);
    return this.#driver;
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new FlagonSqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
