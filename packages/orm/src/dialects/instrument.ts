import type {
  CompiledQuery,
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';

/** Called around every query that reaches a connection. */
export interface QueryHooks {
  /** Called after a query ran (or failed) with its duration in milliseconds. */
  after(sql: string, parameters: readonly unknown[], durationMs: number): void;
  /** Called before a query runs; may throw (N+1 in error mode). */
  before(sql: string): void;
  /** Maps a driver error to the error thrown to the caller. */
  error(error: unknown, sql: string): unknown;
}

class InstrumentedConnection implements DatabaseConnection {
  readonly inner: DatabaseConnection;
  readonly #hooks: QueryHooks;

  constructor(inner: DatabaseConnection, hooks: QueryHooks) {
    this.inner = inner;
    this.#hooks = hooks;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    this.#hooks.before(sql);
    const start = performance.now();
    try {
      return await this.inner.executeQuery<R>(compiledQuery);
    } catch (error) {
      throw this.#hooks.error(error, sql);
    } finally {
      this.#hooks.after(sql, parameters, performance.now() - start);
    }
  }

  streamQuery<R>(compiledQuery: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    this.#hooks.before(compiledQuery.sql);
    this.#hooks.after(compiledQuery.sql, compiledQuery.parameters, 0);
    return this.inner.streamQuery<R>(compiledQuery, chunkSize);
  }
}

function unwrap(connection: DatabaseConnection): DatabaseConnection {
  return connection instanceof InstrumentedConnection ? connection.inner : connection;
}

class InstrumentedDriver implements Driver {
  readonly #inner: Driver;
  readonly #hooks: QueryHooks;
  readonly #wrapped = new WeakMap<DatabaseConnection, InstrumentedConnection>();

  constructor(inner: Driver, hooks: QueryHooks) {
    this.#inner = inner;
    this.#hooks = hooks;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.#inner.acquireConnection();
    let wrapped = this.#wrapped.get(connection);
    if (!wrapped) {
      wrapped = new InstrumentedConnection(connection, this.#hooks);
      this.#wrapped.set(connection, wrapped);
    }
    return wrapped;
  }

  async #control(sql: string, run: () => Promise<void>): Promise<void> {
    this.#hooks.before(sql);
    const start = performance.now();
    try {
      await run();
    } catch (error) {
      throw this.#hooks.error(error, sql);
    } finally {
      this.#hooks.after(sql, [], performance.now() - start);
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#control('begin', () => this.#inner.beginTransaction(unwrap(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#control('commit', () => this.#inner.commitTransaction(unwrap(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#control('rollback', () => this.#inner.rollbackTransaction(unwrap(connection)));
  }

  savepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    return this.#control(`savepoint ${name}`, async () =>
      this.#inner.savepoint?.(unwrap(connection), name, compile),
    );
  }

  rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    return this.#control(`rollback to ${name}`, async () =>
      this.#inner.rollbackToSavepoint?.(unwrap(connection), name, compile),
    );
  }

  releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    return this.#control(`release ${name}`, async () =>
      this.#inner.releaseSavepoint?.(unwrap(connection), name, compile),
    );
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(unwrap(connection));
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

/** Wraps a dialect so every query, transaction and savepoint passes through `hooks`. */
export class InstrumentedDialect implements Dialect {
  readonly #inner: Dialect;
  readonly #hooks: QueryHooks;
  #driver: Driver | undefined;

  constructor(inner: Dialect, hooks: QueryHooks) {
    this.#inner = inner;
    this.#hooks = hooks;
  }

  /** The driver once Kysely created it (it sends a transaction's BEGIN, COMMIT and ROLLBACK). */
  get driver(): Driver | undefined {
    return this.#driver;
  }

  createDriver(): Driver {
    this.#driver = new InstrumentedDriver(this.#inner.createDriver(), this.#hooks);
    return this.#driver;
  }

  createQueryCompiler(): QueryCompiler {
    return this.#inner.createQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return this.#inner.createAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return this.#inner.createIntrospector(db);
  }
}
