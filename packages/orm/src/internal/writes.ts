import { CompiledQuery, sql } from 'kysely';
import { DatabaseError } from '../errors.js';
import { compiled, execute, type RootState, slot } from './context.js';
import { EMPTY, type TableBase } from './table-base.js';

type Row = Record<string, unknown>;

/** Options for `upsert()`. */
export interface UpsertOptions<Col extends string> {
  /** The unique or primary-key columns that identify an existing row. */
  readonly conflict: readonly Col[];
  /** Columns to overwrite on conflict. Default: every given column not in `conflict`. */
  readonly update?: readonly Col[];
}

const increments = new WeakMap<RootState, number>();

/** MySQL's `auto_increment_increment` (1 unless the server is set up for multi-master). */
async function autoIncrementStep(base: TableBase): Promise<number> {
  const root = base.ctx.root;
  let step = increments.get(root);
  if (step === undefined) {
    const result = await execute<{ step: unknown }>(
      base.ctx,
      CompiledQuery.raw('select @@auto_increment_increment as step'),
      [],
      base.name,
    );
    step = Number(result.rows[0]?.step ?? 1) || 1;
    increments.set(root, step);
  }
  return step;
}

async function selectBy(base: TableBase, column: string, ids: readonly unknown[]): Promise<Row[]> {
  const q = compiled(base.ctx, `readback|${base.name}|${column}|${ids.length}`, (db) =>
    db
      .selectFrom(base.name)
      .selectAll()
      .where(
        column,
        'in',
        ids.map((_, i) => slot(i)),
      )
      .orderBy(column),
  );
  const rows = (await execute<Row>(base.ctx, q, ids, base.name)).rows;
  for (const row of rows) base.codec.decode(row);
  return rows;
}

/** One INSERT of rows sharing the same columns; returns the stored rows in order. */
async function insertGroup(base: TableBase, encoded: Row[], originals: readonly object[]): Promise<Row[]> {
  const mysql = base.ctx.root.dialect === 'mysql';
  const first = encoded[0];
  if (!first) return [];
  const cols = Object.keys(first);
  const values: unknown[] = [];
  const rows = encoded.map((row) => {
    const out: Row = {};
    for (const col of cols) out[col] = slot(values.push(row[col]) - 1);
    return out;
  });
  const query = compiled(base.ctx, `insert|${base.name}|${cols.join(',')}|${encoded.length}`, (db) => {
    const into = db.insertInto(base.name);
    const ins = cols.length === 0 ? into.defaultValues() : into.values(rows);
    return mysql ? ins : ins.returningAll();
  });
  const result = await execute<Row>(base.ctx, query, values, base.name);
  if (!mysql) {
    for (const row of result.rows) base.codec.decode(row);
    return result.rows;
  }
  // MySQL has no RETURNING: read the rows back by primary key.
  const keys = base.codec.table.primaryKey;
  if (keys.length !== 1) {
    const out: Row[] = [];
    for (const original of originals) {
      const where = keys.map((column) => ({ column, op: '=' as const, value: (original as Row)[column] }));
      const [row] = keys.length ? await base.select({ ...EMPTY, where, limit: 1 }) : [];
      out.push(row ?? base.codec.decode({ ...original }));
    }
    return out;
  }
  const pk = base.pk();
  const auto = base.codec.table.columns[pk]?.config.autoIncrement ?? false;
  // A multi-row INSERT gets consecutive ids (InnoDB, innodb_autoinc_lock_mode 0 or 1 — MariaDB's
  // default; MySQL 8's default 2 also allocates a simple INSERT's ids in one block).
  const step = auto && encoded.length > 1 ? await autoIncrementStep(base) : 1;
  const start = Number(result.insertId ?? 0);
  const ids = encoded.map((row, i) => row[pk] ?? (auto ? start + i * step : undefined));
  const found = await selectBy(base, pk, ids);
  const byId = new Map(found.map((r) => [r[pk], r]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) {
      throw new DatabaseError(
        'query_failed',
        `inserted ${base.name} row ${String(id)} could not be read back`,
        {
          table: base.name,
        },
      );
    }
    return row;
  });
}

/** Validates, encodes and inserts rows — one statement per distinct set of columns — returning them in order. */
export async function insertMany(base: TableBase, values: readonly object[]): Promise<Row[]> {
  const groups = new Map<string, { index: number[]; rows: Row[]; originals: object[] }>();
  values.forEach((value, i) => {
    const row = base.codec.encode(value);
    const k = Object.keys(row).join(',');
    const g = groups.get(k) ?? { index: [], rows: [], originals: [] };
    g.index.push(i);
    g.rows.push(row);
    g.originals.push(value);
    groups.set(k, g);
  });
  const out = new Array<Row>(values.length);
  for (const g of groups.values()) {
    // Keep each statement under the drivers' bound-parameter limits (SQLite 32 766, pg 65 535).
    const size = Math.max(1, Math.floor(30_000 / Math.max(1, Object.keys(g.rows[0] ?? {}).length)));
    for (let from = 0; from < g.rows.length; from += size) {
      const rows = await insertGroup(
        base,
        g.rows.slice(from, from + size),
        g.originals.slice(from, from + size),
      );
      rows.forEach((row, j) => {
        out[g.index[from + j] as number] = row;
      });
    }
  }
  return out;
}

/** INSERT … ON CONFLICT DO UPDATE (ON DUPLICATE KEY UPDATE on MySQL), returning the row. */
export async function upsertRow(
  base: TableBase,
  values: object,
  options: UpsertOptions<string>,
): Promise<Row> {
  const encoded = base.codec.encode(values);
  for (const col of options.conflict) {
    if (!(col in encoded)) {
      throw new DatabaseError(
        'invalid_value',
        `upsert into ${base.name}: conflict column '${col}' needs a value`,
        {
          table: base.name,
          column: col,
        },
      );
    }
  }
  const conflict = [...options.conflict];
  const update = options.update ?? Object.keys(encoded).filter((c) => !conflict.includes(c));
  const touched = update.length ? update : conflict.slice(0, 1);
  const db = base.ctx.root.kysely;
  if (base.ctx.root.dialect === 'mysql') {
    const q = db
      .insertInto(base.name)
      .values(encoded)
      .onDuplicateKeyUpdate(Object.fromEntries(touched.map((c) => [c, sql`values(${sql.ref(c)})`])));
    await execute(base.ctx, q.compile(), [], base.name);
    const where = conflict.map((column) => ({ column, op: '=' as const, value: (values as Row)[column] }));
    const [row] = await base.select({ ...EMPTY, where, limit: 1 });
    return row ?? {};
  }
  const q = db
    .insertInto(base.name)
    .values(encoded)
    .onConflict((oc) =>
      oc.columns(conflict).doUpdateSet(Object.fromEntries(touched.map((c) => [c, sql.ref(`excluded.${c}`)]))),
    )
    .returningAll();
  const result = await execute<Row>(base.ctx, q.compile(), [], base.name);
  return base.codec.decode(result.rows[0] ?? {});
}
