import { CompiledQuery, type Kysely } from 'kysely';
import { type OrmExtension, type OrmExtensionOptions, ormExtension } from './extension.js';
import type { Context, RootState } from './internal/context.js';
import { createTable, dropTable, sortByDependencies } from './internal/ddl.js';
import { LazyTransaction } from './internal/transaction.js';
import type { SchemaOf, Tables } from './schema/table.js';
import { TableApi } from './table-api.js';
import type { NPlusOneOptions, QueryRecord } from './tracking.js';
import type { DialectName } from './url.js';

let savepoints = 0;

/** Names that table keys may not use because the database object already has them. */
export const RESERVED_KEYS: readonly string[] = Object.freeze([
  'kysely',
  'dialect',
  'url',
  'tables',
  'transaction',
  'begin',
  'inTransaction',
  'createAll',
  'dropAll',
  'close',
  'queries',
  'clearQueries',
  'recordQueries',
  'track',
  'captureQueries',
  'extension',
  'then',
]);

/**
 * The database: connection management, transactions, schema creation and query tracking.
 * Each table key of `tables` is also a property holding that table's {@link TableApi}.
 */
export class DatabaseCore<TS extends Tables, R> {
  /** @internal */ readonly ctx: Context;
  #kysely: Kysely<SchemaOf<TS>> | undefined;

  /** @internal */
  constructor(ctx: Context) {
    this.ctx = ctx;
    for (const key of Object.keys(ctx.root.tables)) {
      Object.defineProperty(this, key, { value: new TableApi(ctx, key), enumerable: true });
    }
  }

  /**
   * The Kysely instance, typed with the schema (inside a transaction: the transaction).
   * Selected columns of known tables come back decoded like the helpers' (booleans, Dates, JSON).
   */
  get kysely(): Kysely<SchemaOf<TS>> {
    this.#kysely ??= this.ctx.kysely.withPlugin(this.ctx.root.decoder) as unknown as Kysely<SchemaOf<TS>>;
    return this.#kysely;
  }

  /** `sqlite`, `postgres` or `mysql`. */
  get dialect(): DialectName {
    return this.ctx.root.dialect;
  }

  /** The database URL with its password masked. */
  get url(): string {
    return this.ctx.root.url;
  }

  /** The table definitions. */
  get tables(): TS {
    return this.ctx.root.tables as TS;
  }

  /** Whether this object is bound to a transaction. */
  get inTransaction(): boolean {
    return this.ctx.depth > 0;
  }

  /**
   * Runs `fn` in a transaction and commits; rolls back if it throws and rethrows. Inside,
   * `tx.transaction()` nests through a savepoint, so an inner failure undoes only its part.
   *
   * @example
   * ```ts
   * await db.transaction(async (tx) => {
   *   const user = await tx.users.create({ username: 'ada', password: 'x' });
   *   await tx.posts.create({ authorId: user.id, title: 'Hi', body: '' });
   * });
   * ```
   */
  async transaction<T>(fn: (tx: Database<TS, R>) => Promise<T>): Promise<T> {
    const ctx = this.ctx;
    if (ctx.depth === 0) {
      const { db: tx, commit, rollback } = openTransaction<TS, R>(ctx);
      let result: T;
      try {
        result = await fn(tx);
      } catch (error) {
        await rollback();
        throw error;
      }
      await commit();
      return result;
    }
    const name = `flagon_sp_${++savepoints}`;
    const run = (text: string) => ctx.kysely.executeQuery(CompiledQuery.raw(text));
    await run(`savepoint ${name}`);
    const tx = makeDatabase<TS, R>({ ...ctx, depth: ctx.depth + 1 });
    let result: T;
    try {
      result = await fn(tx);
    } catch (error) {
      await run(`rollback to savepoint ${name}`);
      await run(`release savepoint ${name}`);
      throw error;
    }
    await run(`release savepoint ${name}`);
    return result;
  }

  /**
   * Starts a transaction you finish yourself — for code that cannot wrap its work in a
   * callback. Prefer {@link DatabaseCore.transaction}. The connection is taken and BEGIN sent
   * on the first query. `commit()` and `rollback()` each end it once and give the connection
   * back; a COMMIT the database refuses (a deferred constraint) is rolled back before the
   * error is thrown, so a later `rollback()` has nothing left to do.
   *
   * @throws TypeError inside a transaction (nest with `tx.transaction()` instead).
   * @example
   * ```ts
   * const { db: tx, commit, rollback } = await db.begin();
   * try { await tx.users.create(…); await commit(); } catch (e) { await rollback(); throw e; }
   * ```
   */
  async begin(): Promise<{
    db: Database<TS, R>;
    commit: () => Promise<void>;
    rollback: () => Promise<void>;
  }> {
    return openTransaction<TS, R>(this.ctx);
  }

  /** Creates every table (and its indexes) that does not exist yet, referenced tables first. */
  async createAll(): Promise<void> {
    for (const table of sortByDependencies(Object.values(this.ctx.root.tables))) {
      await createTable(this.ctx.kysely, this.ctx.root.dialect, table);
    }
  }

  /** Drops every table of the definitions that exists, referencing tables first. */
  async dropAll(): Promise<void> {
    for (const table of sortByDependencies(Object.values(this.ctx.root.tables)).reverse()) {
      await dropTable(this.ctx.kysely, table);
    }
  }

  /** Closes the connection pool (or SQLite file). Further queries fail. */
  async close(): Promise<void> {
    await this.ctx.root.kysely.destroy();
  }

  /** Queries recorded since `recordQueries` was turned on (at most 10 000, oldest dropped). */
  get queries(): readonly QueryRecord[] {
    return this.ctx.root.observer.log;
  }

  /** Turns recording of every query on or off. */
  recordQueries(on = true): void {
    this.ctx.root.observer.recording = on;
  }

  /** Forgets recorded queries. */
  clearQueries(): void {
    this.ctx.root.observer.log.length = 0;
  }

  /**
   * A Flagon extension: `app.use(db.extension())` gives views `c.db`, optionally one
   * transaction per request, per-request N+1 detection, and closes the database on shutdown.
   */
  extension(options?: OrmExtensionOptions): OrmExtension<TS, R> {
    return ormExtension<TS, R>(this as unknown as Database<TS, R>, options);
  }

  /**
   * Runs `fn` as one unit of work in which the N+1 detector watches repeated query shapes.
   *
   * @throws DatabaseError `n_plus_one` in `mode: 'error'` when a shape reaches the threshold.
   */
  async track<T>(fn: () => Promise<T> | T, options?: NPlusOneOptions): Promise<T> {
    return (await this.ctx.root.observer.run(fn, options)).result;
  }

  /**
   * Runs `fn` and returns its result with the queries it ran (SQL, parameters, duration) —
   * only this async context's queries, so concurrent work is not mixed in.
   *
   * @example
   * ```ts
   * const { queries } = await db.captureQueries(() => db.posts.with('author').all());
   * queries.length; // 2
   * ```
   */
  captureQueries<T>(
    fn: () => Promise<T> | T,
    options?: NPlusOneOptions,
  ): Promise<{ result: T; queries: QueryRecord[] }> {
    return this.ctx.root.observer.run(fn, { mode: 'off', ...options });
  }
}

/** A database object: {@link DatabaseCore} plus one {@link TableApi} per table key. */
export type Database<TS extends Tables = Tables, R = unknown> = DatabaseCore<TS, R> & {
  readonly [K in keyof TS & string]: TableApi<TS, R, K>;
};

/** Internal: */
export function makeDatabase<TS extends Tables, R>(ctx: Context): Database<TS, R> {
  return new DatabaseCore<TS, R>(ctx) as Database<TS, R>;
}

/**
 * Internal: A top-level transaction from `ctx` that begins on its first query (see
 * {@link LazyTransaction}): the database bound to it, and the functions that end it.
 */
export function openTransaction<TS extends Tables, R>(
  ctx: Context,
): { db: Database<TS, R>; commit: () => Promise<void>; rollback: () => Promise<void> } {
  if (ctx.depth > 0)
    throw new TypeError('begin() starts a top-level transaction; inside one use tx.transaction()');
  const trx = new LazyTransaction(ctx.root.transactions);
  return {
    db: makeDatabase<TS, R>({ root: ctx.root, kysely: trx.kysely, depth: 1, scope: ctx.scope }),
    commit: () => trx.commit(),
    rollback: () => trx.rollback(),
  };
}

export type { RootState };
