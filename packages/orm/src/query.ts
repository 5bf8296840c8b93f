import { HTTPError } from '@flagon/core';
import {
  type Condition,
  checkPath,
  EMPTY,
  type Operator,
  type Spec,
  type TableBase,
} from './internal/table-base.js';
import type { KeysetOptions, KeysetPage, PaginateOptions } from './pagination.js';
import { Page } from './pagination.js';
import type { LoadedRow, RelationPath } from './relations.js';
import type { SelectValue, Tables } from './schema/table.js';

export type { Operator };

/** A condition object: `{ authorId: 1, title: ['a', 'b'] }` — arrays mean IN, null means IS NULL. */
export type WhereObject<TS extends Tables, K extends keyof TS> = {
  [C in keyof TS[K]['columns']]?:
    | SelectValue<TS[K]['columns'][C]>
    | readonly SelectValue<TS[K]['columns'][C]>[];
};

/** The value `where(col, op, value)` expects for `op`. */
export type OperandFor<V, Op extends Operator> = Op extends 'in' | 'not in'
  ? readonly V[]
  : Op extends 'like' | 'not like'
    ? string
    : Op extends 'is' | 'is not'
      ? null
      : V;

function notFound(table: string, detail: string, message?: string): HTTPError {
  return new HTTPError(404, message ?? `${table} ${detail} doesn't exist.`);
}

/**
 * A chainable, immutable query over one table. Each method returns a new query; `all()`,
 * `first()`, `count()`, `exists()`, `paginate()`, `update()` and `delete()` run it.
 *
 * @typeParam P - the relation paths loaded with `.with()`.
 */
export class Query<TS extends Tables, R, K extends keyof TS & string, P extends string = never> {
  readonly #base: TableBase;
  readonly #spec: Spec;

  /** @internal */
  constructor(base: TableBase, spec: Spec = EMPTY) {
    this.#base = base;
    this.#spec = spec;
  }

  #next<P2 extends string = P>(patch: Partial<Spec>): Query<TS, R, K, P2> {
    return new Query<TS, R, K, P2>(this.#base, { ...this.#spec, ...patch });
  }

  /**
   * Adds conditions (ANDed): an object of column values (arrays mean IN, null means IS NULL)
   * or `column, operator, value`.
   *
   * @throws DatabaseError `unknown_column` / `invalid_value` when the query runs.
   * @example
   * ```ts
   * db.posts.where({ authorId: 1 }).where('created', '>', since).all();
   * ```
   */
  where(conditions: WhereObject<TS, K>): Query<TS, R, K, P>;
  where<C extends keyof TS[K]['columns'] & string, Op extends Operator>(
    column: C,
    op: Op,
    value: OperandFor<SelectValue<TS[K]['columns'][C]>, Op>,
  ): Query<TS, R, K, P>;
  where(a: string | object, op?: Operator, value?: unknown): Query<TS, R, K, P> {
    const added: Condition[] =
      typeof a === 'string'
        ? [{ column: a, op: op ?? '=', value }]
        : Object.entries(a).map(([column, v]) => ({ column, op: Array.isArray(v) ? 'in' : '=', value: v }));
    return this.#next({ where: [...this.#spec.where, ...added] });
  }

  /** Orders by a column; call again for more keys. */
  orderBy(column: keyof TS[K]['columns'] & string, direction: 'asc' | 'desc' = 'asc'): Query<TS, R, K, P> {
    this.#base.codec.column(column);
    return this.#next({ order: [...this.#spec.order, [column, direction]] });
  }

  /** At most `n` rows. */
  limit(n: number): Query<TS, R, K, P> {
    return this.#next({ limit: n });
  }

  /** Skips `n` rows. */
  offset(n: number): Query<TS, R, K, P> {
    return this.#next({ offset: n });
  }

  /**
   * Loads relations eagerly, one batched query per relation and level: `.with('author', 'comments.author')`.
   *
   * @throws DatabaseError `unknown_relation` for a name that is not declared.
   */
  with<const Ps extends RelationPath<TS, R, K>[]>(...paths: Ps): Query<TS, R, K, P | Ps[number]> {
    for (const path of paths) checkPath(this.#base, path);
    return this.#next<P | Ps[number]>({ with: [...this.#spec.with, ...paths] });
  }

  /** All matching rows. */
  async all(): Promise<LoadedRow<TS, R, K, P>[]> {
    return (await this.#base.select(this.#spec)) as LoadedRow<TS, R, K, P>[];
  }

  /** The first matching row, or null. */
  async first(): Promise<LoadedRow<TS, R, K, P> | null> {
    const rows = await this.#base.select({ ...this.#spec, limit: 1 });
    return (rows[0] as LoadedRow<TS, R, K, P> | undefined) ?? null;
  }

  /**
   * The first matching row.
   *
   * @throws HTTPError 404 when there is none.
   */
  async firstOr404(message?: string): Promise<LoadedRow<TS, R, K, P>> {
    const row = await this.first();
    if (row === null) throw notFound(this.#base.name, 'matching the query', message);
    return row;
  }

  /** The number of matching rows. */
  count(): Promise<number> {
    return this.#base.countOf(this.#spec);
  }

  /** Whether any row matches. */
  exists(): Promise<boolean> {
    return this.#base.existsOf(this.#spec);
  }

  /** Updates every matching row; returns how many matched. */
  update(values: { [C in keyof TS[K]['columns']]?: SelectValue<TS[K]['columns'][C]> }): Promise<number> {
    return this.#base.updateWhere(this.#spec, values);
  }

  /** Deletes every matching row; returns how many were deleted. */
  delete(): Promise<number> {
    return this.#base.deleteWhere(this.#spec);
  }

  /**
   * One page of results plus the total (two queries, plus one per loaded relation).
   *
   * @throws HTTPError 404 for an out-of-range page when `errorOut` (the default).
   */
  async paginate(options: PaginateOptions = {}): Promise<Page<LoadedRow<TS, R, K, P>>> {
    const errorOut = options.errorOut ?? true;
    let page = options.page ?? 1;
    let perPage = options.perPage ?? 20;
    if (!Number.isInteger(page) || page < 1) {
      if (errorOut) throw new HTTPError(404, `page ${page} doesn't exist`);
      page = 1;
    }
    if (!Number.isInteger(perPage) || perPage < 1) {
      if (errorOut) throw new HTTPError(404, `perPage ${perPage} is not a positive integer`);
      perPage = 20;
    }
    if (options.maxPerPage !== undefined) perPage = Math.min(perPage, options.maxPerPage);
    const total = await this.count();
    const items =
      total === 0
        ? []
        : await this.limit(perPage)
            .offset((page - 1) * perPage)
            .all();
    if (items.length === 0 && page !== 1 && errorOut) {
      throw new HTTPError(404, `page ${page} doesn't exist (${Math.ceil(total / perPage)} pages)`);
    }
    return new Page(items, page, perPage, total);
  }

  /**
   * Keyset (cursor) pagination: stable under inserts, no OFFSET scan.
   *
   * @example
   * ```ts
   * const first = await db.posts.keyset({ limit: 10 });
   * const second = await db.posts.keyset({ limit: 10, after: first.nextCursor });
   * ```
   */
  async keyset(
    options: KeysetOptions<keyof TS[K]['columns'] & string> = {},
  ): Promise<KeysetPage<LoadedRow<TS, R, K, P>>> {
    return (await this.#base.keysetOf(this.#spec, options)) as KeysetPage<LoadedRow<TS, R, K, P>>;
  }
}
