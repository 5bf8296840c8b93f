import {
  type ConnectionProvider,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  SingleConnectionProvider,
  Transaction,
} from 'kysely';
import { DatabaseError } from '../errors.js';

/** What a transaction needs of the database it runs on. */
export interface TransactionSource {
  /** The database's Kysely instance; its executor lends the connection. */
  readonly kysely: Kysely<Record<string, Record<string, unknown>>>;
  /** The dialect the Kysely instance was made with. */
  readonly dialect: Dialect;
  /** The driver that dialect made: it sends BEGIN, COMMIT and ROLLBACK in the dialect's way. */
  readonly driver: Driver;
}

/**
 * One top-level transaction on one pooled connection. The connection is taken and BEGIN sent
 * on the first query (a transaction nothing uses costs nothing); `commit()` or `rollback()`
 * ends it once and always gives the connection back — a COMMIT the database refuses is
 * rolled back first, so no connection is ever left inside a transaction.
 */
export class LazyTransaction implements ConnectionProvider {
  /** A Kysely `Transaction` whose every query runs on this transaction's connection. */
  readonly kysely: Kysely<Record<string, Record<string, unknown>>>;
  readonly #source: TransactionSource;
  #opening: Promise<SingleConnectionProvider> | undefined;
  #lent: Promise<void> | undefined;
  #giveBack: (() => void) | undefined;
  #finished = false;

  constructor(source: TransactionSource) {
    this.#source = source;
    this.kysely = new Transaction({
      config: { dialect: source.dialect },
      dialect: source.dialect,
      driver: source.driver,
      executor: source.kysely.getExecutor().withConnectionProvider(this),
    });
  }

  /** Whether a query has begun the transaction. */
  get opened(): boolean {
    return this.#opening !== undefined;
  }

  /** Whether `commit()` or `rollback()` was called. */
  get finished(): boolean {
    return this.#finished;
  }

  /** @internal Kysely's hook: runs `consumer` on the transaction's connection, one query at a time. */
  async provideConnection<T>(consumer: (connection: DatabaseConnection) => Promise<T>): Promise<T> {
    if (this.#finished) {
      throw new DatabaseError(
        'query_failed',
        'this transaction has already been committed or rolled back; run the query on the database or in a new transaction',
      );
    }
    this.#opening ??= this.#open();
    return (await this.#opening).provideConnection(consumer);
  }

  #open(): Promise<SingleConnectionProvider> {
    const { kysely, driver } = this.#source;
    return new Promise((resolve, reject) => {
      this.#lent = kysely
        .getExecutor()
        .provideConnection(async (connection) => {
          try {
            await driver.beginTransaction(connection, {});
          } catch (error) {
            reject(error);
            return;
          }
          const released = new Promise<void>((r) => {
            this.#giveBack = r;
          });
          resolve(new SingleConnectionProvider(connection));
          await released;
        })
        .catch(reject);
    });
  }

  /**
   * Commits, after the queries in flight. When the database refuses (a deferred constraint,
   * a serialization failure), rolls back, gives the connection back and rethrows.
   */
  async commit(): Promise<void> {
    const single = await this.#finish();
    if (!single) return;
    const { driver } = this.#source;
    try {
      await single.provideConnection((connection) => driver.commitTransaction(connection));
    } catch (error) {
      await single.provideConnection((connection) => driver.rollbackTransaction(connection)).catch(() => {});
      throw error;
    } finally {
      await this.#release();
    }
  }

  /** Rolls back, after the queries in flight, and gives the connection back. Does nothing once finished. */
  async rollback(): Promise<void> {
    const single = await this.#finish().catch(() => undefined);
    if (!single) return;
    try {
      await single.provideConnection((connection) => this.#source.driver.rollbackTransaction(connection));
    } finally {
      await this.#release();
    }
  }

  /** Marks the transaction finished; the open connection, or undefined when there is nothing to end. */
  async #finish(): Promise<SingleConnectionProvider | undefined> {
    if (this.#finished) return undefined;
    this.#finished = true;
    return this.#opening;
  }

  async #release(): Promise<void> {
    this.#giveBack?.();
    await this.#lent;
  }
}
