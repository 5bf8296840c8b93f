import { HTTPError } from '@flagon/core';
import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { DatabaseError } from '../errors.js';
import { decodeCursor, encodeCursor, type KeysetOptions, type KeysetPage } from '../pagination.js';
import type { TableCodec } from './codec.js';
import { type Context, compiled, execute, executeFirst, type LooseDb, slot } from './context.js';
import { loadRelations } from './eager.js';
import { own } from './own.js';

/** The comparison operators `where(column, op, value)` accepts, at run time as in the types. */
export const OPERATORS = Object.freeze([
  '=',
  '!=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  'in',
  'not in',
  'like',
  'not like',
  'is',
  'is not',
] as const);

/** Comparison operators accepted by `where(column, op, value)`. */
export type Operator = (typeof OPERATORS)[number];

const KNOWN_OPERATORS: ReadonlySet<unknown> = new Set(OPERATORS);

export interface Condition {
  readonly column: string;
  readonly op: Operator;
  readonly value: unknown;
}

/** Internal: The immutable description of a query. */
export interface Spec {
  readonly where: readonly Condition[];
  readonly order: readonly (readonly [string, 'asc' | 'desc'])[];
  readonly limit: number | undefined;
  readonly offset: number | undefined;
  readonly with: readonly string[];
}

export const EMPTY: Spec = Object.freeze({
  where: [],
  order: [],
  limit: undefined,
  offset: undefined,
  with: [],
});

type Row = Record<string, unknown>;
type AnyBuilder = SelectQueryBuilder<LooseDb, string, Row>;

/** Internal: Shared machinery for {@link Query} and {@link TableApi}. */
export class TableBase {
  /** @internal */ readonly ctx: Context;
  /** @internal */ readonly key: string;
  /** @internal */ readonly codec: TableCodec;
  /** @internal */ readonly name: string;

  constructor(ctx: Context, key: string) {
    this.ctx = ctx;
    this.key = key;
    const codec = ctx.root.codecs.get(key);
    if (!codec) throw new TypeError(`no table '${key}'`);
    this.codec = codec;
    this.name = codec.table.name;
  }

  /** @internal The single primary key column. */
  pk(): string {
    const pk = this.codec.table.primaryKey;
    const first = pk[0];
    if (pk.length !== 1 || first === undefined) {
      throw new DatabaseError(
        'unknown_column',
        `table '${this.name}' has ${pk.length === 0 ? 'no primary key' : 'a composite primary key'}; use where({...}) instead`,
        { table: this.name },
      );
    }
    return first;
  }

  /** @internal Normalizes conditions, encoding values; returns undefined when an empty IN makes the result empty. */
  conditions(spec: Spec): { shape: string; values: unknown[]; where: Condition[] } | undefined {
    const values: unknown[] = [];
    const where: Condition[] = [];
    const parts: string[] = [];
    for (const c of spec.where) {
      this.codec.column(c.column);
      if (!KNOWN_OPERATORS.has(c.op)) {
        throw new DatabaseError(
          'invalid_value',
          `where('${c.column}', ${JSON.stringify(c.op) ?? String(c.op)}, …): unknown operator; use one of ${OPERATORS.join(', ')}`,
          { table: this.name, column: c.column },
        );
      }
      if (c.op === 'in' || c.op === 'not in') {
        const list = c.value as readonly unknown[];
        if (!Array.isArray(list)) {
          throw new DatabaseError('invalid_value', `where('${c.column}', '${c.op}', …) expects an array`, {
            table: this.name,
            column: c.column,
          });
        }
        if (list.length === 0) {
          if (c.op === 'in') return undefined;
          continue;
        }
        const slots = list.map((v) => {
          values.push(this.codec.encodeValue(c.column, v));
          return slot(values.length - 1);
        });
        where.push({ column: c.column, op: c.op, value: slots });
        parts.push(`${c.column} ${c.op} [${list.length}]`);
      } else if (c.value === null || c.op === 'is' || c.op === 'is not') {
        if (c.value !== null) {
          throw new DatabaseError(
            'invalid_value',
            `where('${c.column}', '${c.op}', …) compares with null only; use '=' or '!=' for other values`,
            { table: this.name, column: c.column },
          );
        }
        const op = c.op === '!=' || c.op === '<>' || c.op === 'is not' ? 'is not' : 'is';
        where.push({ column: c.column, op, value: null });
        parts.push(`${c.column} ${op} null`);
      } else {
        const v =
          c.op === 'like' || c.op === 'not like' ? c.value : this.codec.encodeValue(c.column, c.value);
        values.push(v);
        where.push({ column: c.column, op: c.op, value: slot(values.length - 1) });
        parts.push(`${c.column} ${c.op} ?`);
      }
    }
    return { shape: parts.join(','), values, where };
  }

  /** @internal Applies conditions to any builder with a `where`. */
  applyWhere<B extends { where: (...args: never[]) => unknown }>(builder: B, where: readonly Condition[]): B {
    let b = builder as unknown as AnyBuilder;
    for (const c of where) b = b.where(c.column, c.op, c.value as never);
    return b as unknown as B;
  }

  /** @internal Runs a select described by `spec` and loads its relations. */
  async select(spec: Spec): Promise<Row[]> {
    const cond = this.conditions(spec);
    if (!cond) return [];
    const values = [...cond.values];
    const limitAt = spec.limit === undefined ? -1 : values.push(spec.limit) - 1;
    const offsetAt = spec.offset === undefined ? -1 : values.push(spec.offset) - 1;
    const key = `select|${this.name}|${cond.shape}|${spec.order.map((o) => o.join(' ')).join(',')}|${limitAt >= 0}|${offsetAt >= 0}`;
    const query = compiled(this.ctx, key, (db) => {
      let b = this.applyWhere(db.selectFrom(this.name).selectAll(), cond.where);
      for (const [col, dir] of spec.order) b = b.orderBy(col, dir);
      if (limitAt >= 0) b = b.limit(slot(limitAt) as unknown as number);
      else if (offsetAt >= 0 && this.ctx.root.dialect !== 'postgres')
        b = b.limit(sql.lit(Number.MAX_SAFE_INTEGER));
      if (offsetAt >= 0) b = b.offset(slot(offsetAt) as unknown as number);
      return b;
    });
    const result = await execute<Row>(this.ctx, query, values, this.name);
    const rows = result.rows;
    for (const row of rows) this.codec.decode(row);
    if (spec.with.length > 0) await loadRelations(this.ctx, this.key, rows, spec.with);
    return rows;
  }

  /** @internal Runs `count(*)` for `spec`. */
  async countOf(spec: Spec): Promise<number> {
    const cond = this.conditions(spec);
    if (!cond) return 0;
    const query = compiled(this.ctx, `count|${this.name}|${cond.shape}`, (db) =>
      this.applyWhere(db.selectFrom(this.name).select(sql<number>`count(*)`.as('count')), cond.where),
    );
    const row = await executeFirst<{ count: unknown }>(this.ctx, query, cond.values, this.name);
    return Number(row?.count ?? 0);
  }

  /** @internal Whether any row matches. */
  async existsOf(spec: Spec): Promise<boolean> {
    const cond = this.conditions(spec);
    if (!cond) return false;
    const query = compiled(this.ctx, `exists|${this.name}|${cond.shape}`, (db) =>
      this.applyWhere(db.selectFrom(this.name).select(sql<number>`1`.as('one')), cond.where).limit(1),
    );
    return (await executeFirst(this.ctx, query, cond.values, this.name)) !== undefined;
  }

  /** @internal UPDATE … WHERE spec; returns the number of matched rows. */
  async updateWhere(spec: Spec, values: object): Promise<number> {
    const cond = this.conditions(spec);
    if (!cond) return 0;
    const encoded = this.codec.encode(values);
    const cols = Object.keys(encoded);
    if (cols.length === 0) return this.countOf(spec);
    const params = [...cond.values];
    const set: Row = {};
    for (const col of cols) set[col] = slot(params.push(encoded[col]) - 1);
    const query = compiled(this.ctx, `update|${this.name}|${cols.join(',')}|${cond.shape}`, (db) =>
      this.applyWhere(db.updateTable(this.name).set(set), cond.where),
    );
    const result = await execute(this.ctx, query, params, this.name);
    return Number(result.numAffectedRows ?? 0);
  }

  /** @internal DELETE … WHERE spec; returns the number of deleted rows. */
  async deleteWhere(spec: Spec): Promise<number> {
    const cond = this.conditions(spec);
    if (!cond) return 0;
    const query = compiled(this.ctx, `delete|${this.name}|${cond.shape}`, (db) =>
      this.applyWhere(db.deleteFrom(this.name), cond.where),
    );
    const result = await execute(this.ctx, query, cond.values, this.name);
    return Number(result.numAffectedRows ?? 0);
  }

  /** @internal Keyset pagination. */
  async keysetOf(spec: Spec, options: KeysetOptions): Promise<KeysetPage<Row>> {
    const pk = this.pk();
    const column = options.orderBy ?? pk;
    this.codec.column(column);
    const limit = options.limit ?? 20;
    const dir = options.direction ?? 'asc';
    const cmp = dir === 'asc' ? '>' : '<';
    const cond = this.conditions(spec);
    if (!cond) return { items: [], nextCursor: null, hasMore: false };
    let cursor: unknown[] | undefined;
    if (options.after) {
      cursor = decodeCursor(options.after);
      if (cursor?.length !== 2) {
        throw new HTTPError(400, `invalid cursor for ${this.name}`);
      }
    }
    let b = this.applyWhere(
      (this.ctx.kysely as Kysely<LooseDb>).selectFrom(this.name).selectAll(),
      cond.where,
    );
    if (cursor) {
      // Cursors carry JSON: timestamps come back as ISO strings, which pg and MySQL want as Dates.
      const revive = (name: string, v: unknown): unknown =>
        typeof v === 'string' &&
        this.codec.column(name).kind === 'timestamp' &&
        this.ctx.root.dialect !== 'sqlite'
          ? new Date(v)
          : v;
      const value = revive(column, cursor[0]);
      const id = revive(pk, cursor[1]);
      b = b.where((eb: ExpressionBuilder<LooseDb, string>) =>
        column === pk
          ? eb(pk, cmp, id)
          : eb.or([eb(column, cmp, value), eb.and([eb(column, '=', value), eb(pk, cmp, id)])]),
      );
    }
    b = b.orderBy(column, dir);
    if (column !== pk) b = b.orderBy(pk, dir);
    const result = await execute<Row>(this.ctx, b.limit(limit + 1).compile(), [], this.name);
    const rows = result.rows;
    const hasMore = rows.length > limit;
    if (hasMore) rows.length = limit;
    const lastRaw = rows.at(-1);
    const nextCursor = hasMore && lastRaw ? encodeCursor([lastRaw[column], lastRaw[pk]]) : null;
    for (const row of rows) this.codec.decode(row);
    if (spec.with.length > 0) await loadRelations(this.ctx, this.key, rows, spec.with);
    return { items: rows, nextCursor, hasMore };
  }
}

/** Internal: Validates a relation path against the declared relations. */
export function checkPath(base: TableBase, path: string): void {
  let key = base.key;
  for (const name of path.split('.')) {
    const rels = own(base.ctx.root.relations, key) ?? {};
    const rel = own(rels, name);
    if (!rel) {
      const known = Object.keys(rels);
      throw new DatabaseError(
        'unknown_relation',
        `'${key}' has no relation '${name}' (in .with('${path}')); declared: ${known.length ? known.join(', ') : 'none'}`,
        { table: base.ctx.root.tables[key]?.name },
      );
    }
    key = base.ctx.root.keyByName.get(rel.target.name) ?? '';
  }
}
