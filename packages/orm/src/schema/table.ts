import type { ColumnType } from 'kysely';
import { Column, type ColumnLike } from './column.js';

/** A record of named columns, the second argument of {@link table}. */
export type Columns = Record<string, ColumnLike>;

/** An index over one or more columns. */
export interface IndexDefinition {
  readonly columns: readonly string[];
  readonly unique?: boolean;
  readonly name?: string;
}

/** Options for {@link table}. */
export interface TableOptions<C extends Columns> {
  /** A composite primary key (otherwise the column marked `.primaryKey()`). */
  readonly primaryKey?: readonly (keyof C & string)[];
  /** Extra indexes, possibly over several columns. */
  readonly indexes?: readonly (IndexDefinition & { readonly columns: readonly (keyof C & string)[] })[];
}

/** A table definition: its SQL name, its bound columns, its primary key and indexes. Readonly. */
export interface Table<Name extends string = string, C extends Columns = Columns> {
  readonly name: Name;
  readonly columns: C;
  /** The primary key column names. */
  readonly primaryKey: readonly string[];
  readonly indexes: readonly IndexDefinition[];
}

/**
 * Defines a table. Property keys are the column names in SQL.
 *
 * @param name - the SQL table name.
 * @param columns - the columns, built with `column`.
 * @throws TypeError when more than one column is marked `.primaryKey()`.
 * @example
 * ```ts
 * const users = table('user', {
 *   id: c.integer().primaryKey().autoIncrement(),
 *   username: c.text().unique(),
 * });
 * ```
 */
export function table<const Name extends string, const C extends Columns>(
  name: Name,
  columns: C,
  options: TableOptions<C> = {},
): Table<Name, C> {
  const bound: Record<string, ColumnLike> = {};
  for (const [key, col] of Object.entries(columns)) {
    if (!(col instanceof Column)) throw new TypeError(`table('${name}'): column '${key}' is not a column`);
    bound[key] = col.bind(name, key);
  }
  const marked = Object.keys(columns).filter((k) => columns[k]?.config.primaryKey);
  if (marked.length > 1) {
    throw new TypeError(
      `table('${name}'): several columns are marked primaryKey (${marked.join(', ')}); use table(name, columns, { primaryKey: [...] }) for a composite key`,
    );
  }
  return Object.freeze({
    name,
    columns: Object.freeze(bound) as C,
    primaryKey: Object.freeze([...(options.primaryKey ?? marked)]),
    indexes: Object.freeze([...(options.indexes ?? [])]),
  });
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The type read from a column (its value type, `| null` when nullable). */
export type SelectValue<C extends ColumnLike> = C['~null'] extends true ? C['~type'] | null : C['~type'];

type OptionalKeys<C extends Columns> = {
  [K in keyof C]: C[K]['~null'] extends true ? K : C[K]['~default'] extends true ? K : never;
}[keyof C];
type RequiredKeys<C extends Columns> = Exclude<keyof C, OptionalKeys<C>>;

/** A row of table `T` as helpers return it. */
export type RowOf<T extends Table> = Simplify<{
  -readonly [K in keyof T['columns']]: SelectValue<T['columns'][K]>;
}>;

/** The values `create()` accepts for table `T`: columns without default and not nullable are required. */
export type InsertOf<T extends Table> = Simplify<
  { [K in RequiredKeys<T['columns']>]: SelectValue<T['columns'][K]> } & {
    [K in OptionalKeys<T['columns']>]?: SelectValue<T['columns'][K]>;
  }
>;

/** The type of table `T`'s primary key (`never` for a composite or missing key). */
export type PrimaryKeyOf<T extends Table> = {
  [K in keyof T['columns']]: T['columns'][K]['~pk'] extends true ? T['columns'][K]['~type'] : never;
}[keyof T['columns']];

/** The values `update()` accepts for table `T`: any subset of columns. */
export type UpdateOf<T extends Table> = Simplify<{
  -readonly [K in keyof T['columns']]?: SelectValue<T['columns'][K]>;
}>;

/** The Kysely table interface for table `T`. */
export type KyselyTableOf<T extends Table> = {
  [K in keyof T['columns']]: T['columns'][K]['~default'] extends true
    ? ColumnType<
        SelectValue<T['columns'][K]>,
        SelectValue<T['columns'][K]> | undefined,
        SelectValue<T['columns'][K]>
      >
    : T['columns'][K]['~null'] extends true
      ? ColumnType<
          SelectValue<T['columns'][K]>,
          SelectValue<T['columns'][K]> | undefined,
          SelectValue<T['columns'][K]>
        >
      : SelectValue<T['columns'][K]>;
};

/** A record of tables keyed by the name the database object exposes them under (`db.users`). */
export type Tables = Record<string, Table>;

/** The Kysely database type for a set of tables, keyed by SQL table name. */
export type SchemaOf<TS extends Tables> = {
  [K in keyof TS as TS[K]['name']]: KyselyTableOf<TS[K]>;
};
