import {
  type ColumnDefinitionBuilder,
  type CreateTableBuilder,
  type Kysely,
  type RawBuilder,
  sql,
} from 'kysely';
import type { ColumnConfig, ColumnLike } from '../schema/column.js';
import type { Table } from '../schema/table.js';
import type { DialectName } from '../url.js';

type LooseDb = Record<string, Record<string, unknown>>;

function keyed(table: Table, name: string): boolean {
  const c = table.columns[name]?.config;
  return (
    !!c &&
    (c.primaryKey ||
      c.unique ||
      c.index ||
      c.references !== undefined ||
      table.primaryKey.includes(name) ||
      table.indexes.some((i) => i.columns.includes(name)))
  );
}

function dataType(dialect: DialectName, config: ColumnConfig, isKey: boolean): RawBuilder<unknown> {
  switch (config.kind) {
    case 'integer':
      if (config.autoIncrement && dialect === 'postgres') return sql`serial`;
      return sql`integer`;
    case 'real':
      return dialect === 'sqlite' ? sql`real` : sql`double precision`;
    case 'text':
      return dialect === 'mysql' && isKey ? sql`varchar(255)` : sql`text`;
    case 'string':
      return sql.raw(`varchar(${config.length ?? 255})`);
    case 'boolean':
      return dialect === 'postgres' ? sql`boolean` : sql`integer`;
    case 'timestamp':
      // Millisecond precision everywhere, like a JavaScript Date.
      return dialect === 'postgres'
        ? sql`timestamptz(3)`
        : dialect === 'mysql'
          ? sql`datetime(3)`
          : sql`text`;
    case 'json':
      return dialect === 'postgres' ? sql`jsonb` : dialect === 'mysql' ? sql`json` : sql`text`;
  }
}

function defaultLiteral(dialect: DialectName, config: ColumnConfig): unknown {
  if (config.defaultNow) {
    if (dialect === 'postgres') return sql`now()`;
    if (dialect === 'mysql') return sql`CURRENT_TIMESTAMP(3)`;
    return sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
  }
  const v = config.defaultValue;
  if (config.kind === 'json') {
    const text = JSON.stringify(v);
    return dialect === 'mysql' ? sql`(${sql.lit(text)})` : text;
  }
  if (config.kind === 'boolean') return dialect === 'postgres' ? sql.raw(v ? 'true' : 'false') : v ? 1 : 0;
  if (config.kind === 'timestamp' && v instanceof Date) return dialect === 'sqlite' ? v.toISOString() : v;
  return v;
}

function target(col: ColumnLike): { table: string; column: string } {
  if (!col.tableName || !col.name) {
    throw new TypeError('references(() => column) must return a column of a table() definition');
  }
  return { table: col.tableName, column: col.name };
}

/** Orders tables so that referenced tables come before the tables that reference them. */
export function sortByDependencies(tables: readonly Table[]): Table[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: Table[] = [];
  const visit = (t: Table, path: Set<string>): void => {
    if (done.has(t.name) || path.has(t.name)) return;
    path.add(t.name);
    for (const col of Object.values(t.columns)) {
      const ref = col.config.references?.();
      const dep = ref?.tableName ? byName.get(ref.tableName) : undefined;
      if (dep && dep !== t) visit(dep, path);
    }
    done.add(t.name);
    out.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return out;
}

/** Creates a table, its constraints and indexes if they do not exist. */
export async function createTable(db: Kysely<LooseDb>, dialect: DialectName, table: Table): Promise<void> {
  let builder = db.schema.createTable(table.name).ifNotExists() as CreateTableBuilder<string, string>;
  for (const [name, col] of Object.entries(table.columns)) {
    const c = col.config;
    builder = builder.addColumn(
      name,
      dataType(dialect, c, keyed(table, name)),
      (def: ColumnDefinitionBuilder) => {
        let d = def;
        if (!c.nullable) d = d.notNull();
        if (c.primaryKey && table.primaryKey.length === 1) d = d.primaryKey();
        if (c.autoIncrement && dialect !== 'postgres') d = d.autoIncrement();
        if (c.unique) d = d.unique();
        if (c.hasDefault && !c.autoIncrement) d = d.defaultTo(defaultLiteral(dialect, c));
        return d;
      },
    );
  }
  if (table.primaryKey.length > 1) {
    builder = builder.addPrimaryKeyConstraint(`${table.name}_pkey`, [...table.primaryKey]);
  }
  for (const [name, col] of Object.entries(table.columns)) {
    const ref = col.config.references;
    if (!ref) continue;
    const t = target(ref());
    const onDelete = col.config.onDelete;
    builder = builder.addForeignKeyConstraint(
      `${table.name}_${name}_fkey`,
      [name],
      t.table,
      [t.column],
      (fk) => (onDelete ? fk.onDelete(onDelete) : fk),
    );
  }
  await builder.execute();
  const indexes = [
    ...Object.entries(table.columns)
      .filter(([, col]) => col.config.index)
      .map(([name]) => ({ columns: [name], unique: false, name: undefined })),
    ...table.indexes,
  ];
  for (const index of indexes) {
    const name = index.name ?? `${table.name}_${index.columns.join('_')}_${index.unique ? 'key' : 'idx'}`;
    let ib = db.schema
      .createIndex(name)
      .ifNotExists()
      .on(table.name)
      .columns([...index.columns]);
    if (index.unique) ib = ib.unique();
    await ib.execute();
  }
}

/** Drops a table if it exists. */
export async function dropTable(db: Kysely<LooseDb>, table: Table): Promise<void> {
  await db.schema.dropTable(table.name).ifExists().execute();
}
