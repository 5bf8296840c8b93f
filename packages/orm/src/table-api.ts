import { fulfilled, HTTPError, PENDING, valueNow } from '@flagon/core';
import type { CompiledQuery, SelectQueryBuilder } from 'kysely';
import type { SqliteStatement } from './dialects/sqlite-dialect.js';
import { DatabaseError, toDatabaseError } from './errors.js';
import { type Context, compiled, execute, executeFirst, slot } from './internal/context.js';
import { TableBase } from './internal/table-base.js';
import { insertMany, type UpsertOptions, upsertRow } from './internal/writes.js';
import type { KeysetOptions, KeysetPage, Page, PaginateOptions } from './pagination.js';
import { type OperandFor, type Operator, Query, type WhereObject } from './query.js';
import type { LoadedRow, RelationPath } from './relations.js';
import type {
  InsertOf,
  PrimaryKeyOf,
  RowOf,
  SchemaOf,
  SelectValue,
  Tables,
  UpdateOf,
} from './schema/table.js';

type Row = Record<string, unknown>;

export type { UpsertOptions };

/**
 * The helpers of one table, available as `db.<key>`: lookups by primary key, chainable
 * queries, inserts returning rows on every dialect, updates, deletes, upserts, and `.query()`
 * to drop to Kysely with types intact.
 */
export class TableApi<TS extends Tables, R, K extends keyof TS & string> {
  readonly #base: TableBase;
  readonly #all: Query<TS, R, K>;
  #findQuery: CompiledQuery | undefined;
  #findColumn = '';
  #findInteger = false;
  #findStatement: SqliteStatement | undefined;

  /** @internal */
  constructor(ctx: Context, key: K) {
    this.#base = new TableBase(ctx, key);
    this.#all = new Query<TS, R, K>(this.#base);
  }

  /** The table definition. */
  get table(): TS[K] {
    return this.#base.codec.table as TS[K];
  }

  /**
   * The row with primary key `pk`, or null. Its SQL is compiled once per table.
   *
   * @example
   * ```ts
   * const post = await db.posts.find(1);
   * ```
   */
  find(pk: PrimaryKeyOf<TS[K]>): Promise<RowOf<TS[K]> | null> {
    const base = this.#base;
    const ctx = base.ctx;
    try {
      let query = this.#findQuery;
      if (query === undefined) {
        const column = base.pk();
        this.#findColumn = column;
        this.#findInteger = base.codec.column(column).kind === 'integer';
        query = compiled(ctx, `find|${base.name}`, (db) =>
          db.selectFrom(base.name).selectAll().where(column, '=', slot(0)),
        );
        this.#findQuery = query;
      }
      const value =
        this.#findInteger && Number.isSafeInteger(pk) ? pk : base.codec.encodeValue(this.#findColumn, pk);
      const fast = ctx.depth === 0 ? ctx.root.sqlite : undefined;
      if (fast !== undefined && !fast.inUse && !ctx.root.observer.watching) {
        // The statement stays cached in the connection's LRU; this reference skips the lookup.
        let stmt = this.#findStatement;
        if (stmt === undefined || stmt.database !== fast.connection.database) {
          stmt = fast.connection.prepare(query.sql);
          this.#findStatement = stmt;
        }
        const row = stmt.get(value) as Row | undefined;
        // Readable at once (valueNow): a view returning this promise is answered in the same turn.
        return fulfilled(row === undefined ? null : base.codec.decode<RowOf<TS[K]>>(row));
      }
      return executeFirst<Row>(ctx, query, [value], base.name).then((row) =>
        row === undefined ? null : base.codec.decode<RowOf<TS[K]>>(row),
      );
    } catch (error) {
      return Promise.reject(toDatabaseError(error, { table: base.name, sql: this.#findQuery?.sql ?? '' }));
    }
  }

  /**
   * The row with primary key `pk`.
   *
   * @throws DatabaseError `not_found` when there is none.
   */
  findOrFail(pk: PrimaryKeyOf<TS[K]>): Promise<RowOf<TS[K]>> {
    return this.#found(pk, () => {
      const base = this.#base;
      return new DatabaseError('not_found', `${base.name} with ${base.pk()} ${String(pk)} doesn't exist`, {
        table: base.name,
        column: base.pk(),
      });
    });
  }

  /**
   * The row with primary key `pk`, for views. Return it as is (no `async` needed): on SQLite the
   * view is then answered in the same turn.
   *
   * @throws HTTPError 404 (from `@flagon/core`) when there is none.
   *
   * @example
   * ```ts
   * app.get('/posts/<int:id>', function post(c) {
   *   return c.db.posts.getOr404(c.params.id);
   * });
   * ```
   */
  getOr404(pk: PrimaryKeyOf<TS[K]>, message?: string): Promise<RowOf<TS[K]>> {
    return this.#found(
      pk,
      () => new HTTPError(404, message ?? `${this.#base.name} ${String(pk)} doesn't exist.`),
    );
  }

  /** `find`, with `missing()` thrown when there is no row; a row found at once stays readable at once. */
  #found(pk: PrimaryKeyOf<TS[K]>, missing: () => Error): Promise<RowOf<TS[K]>> {
    const found = this.find(pk);
    const now = valueNow(found);
    if (now === PENDING) {
      return found.then((row) => {
        if (row === null) throw missing();
        return row;
      });
    }
    return now === null ? Promise.reject(missing()) : (found as Promise<RowOf<TS[K]>>);
  }

  /** See {@link Query.where}. */
  where(conditions: WhereObject<TS, K>): Query<TS, R, K>;
  where<C extends keyof TS[K]['columns'] & string, Op extends Operator>(
    column: C,
    op: Op,
    value: OperandFor<SelectValue<TS[K]['columns'][C]>, Op>,
  ): Query<TS, R, K>;
  where(a: never, op?: Operator, value?: unknown): Query<TS, R, K> {
    return (this.#all.where as (a: unknown, op?: unknown, value?: unknown) => Query<TS, R, K>)(a, op, value);
  }

  /** See {@link Query.orderBy}. */
  orderBy(column: keyof TS[K]['columns'] & string, direction: 'asc' | 'desc' = 'asc'): Query<TS, R, K> {
    return this.#all.orderBy(column, direction);
  }

  /** See {@link Query.limit}. */
  limit(n: number): Query<TS, R, K> {
    return this.#all.limit(n);
  }

  /** See {@link Query.with}. */
  with<const Ps extends RelationPath<TS, R, K>[]>(...paths: Ps): Query<TS, R, K, Ps[number]> {
    return this.#all.with(...paths);
  }

  /** Every row. */
  all(): Promise<RowOf<TS[K]>[]> {
    return this.#all.all() as Promise<RowOf<TS[K]>[]>;
  }

  /** The first row (unordered unless you `orderBy`), or null. */
  first(): Promise<RowOf<TS[K]> | null> {
    return this.#all.first() as Promise<RowOf<TS[K]> | null>;
  }

  /** @throws HTTPError 404 when the table is empty. */
  firstOr404(message?: string): Promise<RowOf<TS[K]>> {
    return this.#all.firstOr404(message) as Promise<RowOf<TS[K]>>;
  }

  /** The number of rows. */
  count(): Promise<number> {
    return this.#all.count();
  }

  /** Whether the table has any row. */
  exists(): Promise<boolean> {
    return this.#all.exists();
  }

  /** See {@link Query.paginate}. */
  paginate(options?: PaginateOptions): Promise<Page<LoadedRow<TS, R, K, never>>> {
    return this.#all.paginate(options);
  }

  /** See {@link Query.keyset}. */
  keyset(
    options?: KeysetOptions<keyof TS[K]['columns'] & string>,
  ): Promise<KeysetPage<LoadedRow<TS, R, K, never>>> {
    return this.#all.keyset(options);
  }

  /**
   * Inserts a row and returns it as stored (defaults and generated keys filled in) — on
   * MySQL by reading it back by its insert id.
   *
   * @throws DatabaseError `unique_violation`, `not_null_violation`, `foreign_key_violation`,
   *   `unknown_column` or `invalid_value`, naming table and column.
   * @example
   * ```ts
   * const user = await db.users.create({ username: 'ada', password: hash });
   * ```
   */
  async create(values: InsertOf<TS[K]>): Promise<RowOf<TS[K]>> {
    const [row] = await insertMany(this.#base, [values]);
    return row as RowOf<TS[K]>;
  }

  /** Inserts several rows, one statement per distinct set of columns; returns them in order. */
  async createMany(values: readonly InsertOf<TS[K]>[]): Promise<RowOf<TS[K]>[]> {
    return (await insertMany(this.#base, values)) as RowOf<TS[K]>[];
  }

  /**
   * Updates the row with primary key `pk`; returns it updated, or null when it does not exist.
   */
  async update(pk: PrimaryKeyOf<TS[K]>, values: UpdateOf<TS[K]>): Promise<RowOf<TS[K]> | null> {
    const base = this.#base;
    const column = base.pk();
    const encoded = base.codec.encode(values);
    const cols = Object.keys(encoded);
    if (cols.length === 0) return this.find(pk);
    const params: unknown[] = [base.codec.encodeValue(column, pk)];
    const set: Row = {};
    for (const col of cols) set[col] = slot(params.push(encoded[col]) - 1);
    const mysql = base.ctx.root.dialect === 'mysql';
    const query = compiled(base.ctx, `updatePk|${base.name}|${cols.join(',')}`, (db) => {
      const u = db.updateTable(base.name).set(set).where(column, '=', slot(0));
      return mysql ? u : u.returningAll();
    });
    const result = await execute<Row>(base.ctx, query, params, base.name);
    if (mysql)
      return Number(result.numAffectedRows ?? 0) > 0
        ? this.find(column in values ? (encoded[column] as never) : pk)
        : null;
    const row = result.rows[0];
    return row ? base.codec.decode<RowOf<TS[K]>>(row) : null;
  }

  /** Deletes the row with primary key `pk`; returns whether it existed. */
  async delete(pk: PrimaryKeyOf<TS[K]>): Promise<boolean> {
    const base = this.#base;
    const column = base.pk();
    const query = compiled(base.ctx, `deletePk|${base.name}`, (db) =>
      db.deleteFrom(base.name).where(column, '=', slot(0)),
    );
    const result = await execute(base.ctx, query, [base.codec.encodeValue(column, pk)], base.name);
    return Number(result.numAffectedRows ?? 0) > 0;
  }

  /**
   * Inserts a row, or updates the existing row that has the same `conflict` columns; returns it.
   *
   * @example
   * ```ts
   * await db.users.upsert({ username: 'ada', password: 'new' }, { conflict: ['username'] });
   * ```
   */
  async upsert(
    values: InsertOf<TS[K]>,
    options: UpsertOptions<keyof TS[K]['columns'] & string>,
  ): Promise<RowOf<TS[K]>> {
    return (await upsertRow(this.#base, values, options)) as RowOf<TS[K]>;
  }

  /**
   * A Kysely `selectFrom(table)` builder with the schema's types, for anything the helpers
   * do not cover. Selected columns come back decoded (booleans, Dates, JSON); computed
   * expressions and raw SQL come back as the driver returns them.
   */
  query(): SelectQueryBuilder<SchemaOf<TS>, TS[K]['name'] & keyof SchemaOf<TS>, object> {
    const ctx = this.#base.ctx;
    return ctx.kysely
      .withPlugin(ctx.root.decoder)
      .selectFrom(this.#base.name) as unknown as SelectQueryBuilder<
      SchemaOf<TS>,
      TS[K]['name'] & keyof SchemaOf<TS>,
      object
    >;
  }
}
