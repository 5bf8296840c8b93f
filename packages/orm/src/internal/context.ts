import type { Compilable, CompiledQuery, Kysely, KyselyPlugin, QueryResult } from 'kysely';
import type { FlagonSqliteDriver } from '../dialects/sqlite-dialect.js';
import type { LruCache } from '../dialects/statement-cache.js';
import { DatabaseError, toDatabaseError } from '../errors.js';
import type { Relation } from '../relations.js';
import type { Table } from '../schema/table.js';
import type { QueryObserver, Scope } from '../tracking.js';
import type { DialectName } from '../url.js';
import type { TableCodec } from './codec.js';
import type { TransactionSource } from './transaction.js';

/** The untyped view of the schema used inside the ORM; public methods are typed by their callers. */
export type LooseDb = Record<string, Record<string, unknown>>;

/** State shared by a database and all transactions opened from it. */
export interface RootState {
  readonly dialect: DialectName;
  readonly url: string;
  readonly tables: Readonly<Record<string, Table>>;
  readonly relations: Readonly<Record<string, Readonly<Record<string, Relation>>>>;
  readonly codecs: ReadonlyMap<string, TableCodec>;
  readonly keyByName: ReadonlyMap<string, string>;
  readonly compiled: LruCache<string, CompiledQuery>;
  readonly observer: QueryObserver;
  readonly sqlite: FlagonSqliteDriver | undefined;
  readonly kysely: Kysely<LooseDb>;
  /** What a transaction is made from: `kysely`, its dialect and driver. */
  readonly transactions: TransactionSource;
  /** Decodes rows of queries users build with `db.kysely` / `.query()`. */
  readonly decoder: KyselyPlugin;
}

/** What a helper runs against: the root database or a transaction. */
export interface Context {
  readonly root: RootState;
  readonly kysely: Kysely<LooseDb>;
  readonly depth: number;
  /** A unit of work bound to this object (a web request) rather than to an async context. */
  readonly scope?: Scope | undefined;
}

/** A parameter placeholder in a cached compiled query, replaced by `values[index]` at run time. */
export class Slot {
  readonly index: number;
  constructor(index: number) {
    this.index = index;
  }
}

const SLOTS: Slot[] = Array.from({ length: 64 }, (_, i) => new Slot(i));

/** The placeholder for value number `i`. */
export function slot(i: number): Slot {
  return SLOTS[i] ?? new Slot(i);
}

/** The compiled query for `key`, built once with {@link slot} placeholders. */
export function compiled(
  ctx: Context,
  key: string,
  build: (db: Kysely<LooseDb>) => Compilable,
): CompiledQuery {
  let query = ctx.root.compiled.get(key);
  if (query === undefined) {
    query = build(ctx.root.kysely).compile();
    ctx.root.compiled.set(key, query);
  }
  return query;
}

function bind(query: CompiledQuery, values: readonly unknown[]): unknown[] {
  const params = query.parameters;
  const out = new Array<unknown>(params.length);
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    out[i] = p instanceof Slot ? values[p.index] : p;
  }
  return out;
}

function withTable(error: unknown, table: string, sql: string): unknown {
  if (error instanceof DatabaseError) {
    if (error.table !== undefined || error.cause === undefined || error.code === 'n_plus_one') return error;
    return toDatabaseError(error.cause, { table, sql });
  }
  return toDatabaseError(error, { table, sql });
}

/**
 * Runs a compiled query with `values` bound to its slots. On SQLite, outside transactions
 * and while no other query holds the connection, runs synchronously on the cached statement.
 */
export async function execute<R>(
  ctx: Context,
  query: CompiledQuery,
  values: readonly unknown[],
  table: string,
): Promise<QueryResult<R>> {
  const parameters = bind(query, values);
  const fast = ctx.depth === 0 ? ctx.root.sqlite : undefined;
  if (fast !== undefined && !fast.inUse) {
    const observer = ctx.root.observer;
    const watching = observer.watching;
    if (watching) observer.before(query.sql, ctx.scope);
    const start = watching ? performance.now() : 0;
    try {
      return fast.connection.executeSync<R>(query.sql, parameters);
    } catch (error) {
      throw toDatabaseError(error, { table, sql: query.sql });
    } finally {
      if (watching) observer.after(query.sql, parameters, performance.now() - start, ctx.scope);
    }
  }
  try {
    const bound = { ...query, parameters };
    const observer = ctx.root.observer;
    const run = () => observer.withCallSite(() => ctx.kysely.executeQuery<R>(bound));
    return await (ctx.scope ? observer.runIn(ctx.scope, run) : run());
  } catch (error) {
    throw withTable(error, table, query.sql);
  }
}

/** Like {@link execute} for a query returning at most one row; returns it or undefined. */
export async function executeFirst<R>(
  ctx: Context,
  query: CompiledQuery,
  values: readonly unknown[],
  table: string,
): Promise<R | undefined> {
  const fast = ctx.depth === 0 ? ctx.root.sqlite : undefined;
  if (fast !== undefined && !fast.inUse && !ctx.root.observer.watching) {
    try {
      return fast.connection.getSync<R>(query.sql, bind(query, values));
    } catch (error) {
      throw toDatabaseError(error, { table, sql: query.sql });
    }
  }
  return (await execute<R>(ctx, query, values, table)).rows[0];
}
