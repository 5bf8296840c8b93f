import { DatabaseError } from '../errors.js';
import type { Relation } from '../relations.js';
import { type Context, compiled, execute, slot } from './context.js';
import { own } from './own.js';

type Row = Record<string, unknown>;
type Tree = Map<string, Tree>;

const SOURCE = '__flagon_source';

function tree(paths: readonly string[]): Tree {
  const root: Tree = new Map();
  for (const path of paths) {
    let node = root;
    for (const name of path.split('.')) {
      let child = node.get(name);
      if (!child) {
        child = new Map();
        node.set(name, child);
      }
      node = child;
    }
  }
  return root;
}

function unique(rows: readonly Row[], column: string): unknown[] {
  const seen = new Set<unknown>();
  for (const row of rows) {
    const v = row[column];
    if (v !== null && v !== undefined) seen.add(v);
  }
  return [...seen];
}

function keyOf(v: unknown): unknown {
  return typeof v === 'bigint' ? Number(v) : v;
}

function singlePk(ctx: Context, key: string): string {
  const table = ctx.root.tables[key];
  const pk = table?.primaryKey;
  if (pk?.length !== 1 || pk[0] === undefined) {
    throw new DatabaseError('unknown_relation', `relations of '${key}' need a single-column primary key`, {
      table: table?.name,
    });
  }
  return pk[0];
}

/** SELECT * FROM target WHERE column IN (ids) — one query, cached by list length. */
/** IN-lists longer than this are split, keeping under every driver's parameter limit. */
export const IN_CHUNK = 5000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IN_CHUNK) out.push(items.slice(i, i + IN_CHUNK));
  return out;
}

async function selectIn(ctx: Context, key: string, column: string, ids: readonly unknown[]): Promise<Row[]> {
  if (ids.length > IN_CHUNK) {
    let all: Row[] = [];
    for (const part of chunks(ids)) all = all.concat(await selectIn(ctx, key, column, part));
    return all;
  }
  const codec = ctx.root.codecs.get(key);
  if (!codec) throw new TypeError(`no table '${key}'`);
  const name = codec.table.name;
  const values = ids.map((id) => codec.encodeValue(column, id));
  const query = compiled(ctx, `in|${name}|${column}|${ids.length}`, (db) =>
    db
      .selectFrom(name)
      .selectAll()
      .where(
        column,
        'in',
        values.map((_, i) => slot(i)),
      )
      .orderBy(singlePk(ctx, key)),
  );
  const rows = (await execute<Row>(ctx, query, values, name)).rows;
  for (const row of rows) codec.decode(row);
  return rows;
}

async function loadOne(
  ctx: Context,
  key: string,
  rows: Row[],
  name: string,
  rel: Relation,
  sub: Tree,
): Promise<void> {
  const targetKey = ctx.root.keyByName.get(rel.target.name);
  if (targetKey === undefined) {
    throw new DatabaseError(
      'unknown_relation',
      `relation '${key}.${name}' targets table '${rel.target.name}', which is not in tables`,
      {
        table: rel.target.name,
      },
    );
  }
  let loaded: Row[] = [];
  if (rel.kind === 'belongsTo') {
    const column = rel.targetKey ?? singlePk(ctx, targetKey);
    const ids = unique(rows, rel.foreignKey);
    loaded = ids.length ? await selectIn(ctx, targetKey, column, ids) : [];
    const byId = new Map(loaded.map((r) => [keyOf(r[column]), r]));
    for (const row of rows) row[name] = byId.get(keyOf(row[rel.foreignKey])) ?? null;
  } else if (rel.kind === 'hasMany' || rel.kind === 'hasOne') {
    const pk = singlePk(ctx, key);
    const ids = unique(rows, pk);
    loaded = ids.length ? await selectIn(ctx, targetKey, rel.foreignKey, ids) : [];
    const groups = new Map<unknown, Row[]>();
    for (const r of loaded) {
      const k = keyOf(r[rel.foreignKey]);
      const group = groups.get(k);
      if (group) group.push(r);
      else groups.set(k, [r]);
    }
    for (const row of rows) {
      const group = groups.get(keyOf(row[pk])) ?? [];
      row[name] = rel.kind === 'hasMany' ? group : (group[0] ?? null);
    }
  } else {
    const through = rel.through;
    const throughTarget = rel.throughTargetKey;
    if (!through || !throughTarget) throw new TypeError(`manyToMany '${key}.${name}' has no join table`);
    const pk = singlePk(ctx, key);
    const targetPk = singlePk(ctx, targetKey);
    const codec = ctx.root.codecs.get(targetKey);
    for (const ids of chunks(unique(rows, pk))) {
      const t = rel.target.name;
      const j = through.name;
      const query = compiled(ctx, `m2m|${key}|${name}|${ids.length}`, (db) =>
        db
          .selectFrom(t)
          .innerJoin(j, `${j}.${throughTarget}`, `${t}.${targetPk}`)
          .selectAll(t)
          .select(`${j}.${rel.foreignKey} as ${SOURCE}`)
          .where(
            `${j}.${rel.foreignKey}`,
            'in',
            ids.map((_, i) => slot(i)),
          )
          .orderBy(`${t}.${targetPk}`),
      );
      loaded = loaded.concat((await execute<Row>(ctx, query, ids, t)).rows);
    }
    const groups = new Map<unknown, Row[]>();
    const distinct = new Map<unknown, Row>();
    for (const r of loaded) {
      const source = keyOf(r[SOURCE]);
      delete r[SOURCE];
      codec?.decode(r);
      const id = keyOf(r[targetPk]);
      const shared = distinct.get(id) ?? r;
      distinct.set(id, shared);
      const group = groups.get(source);
      if (group) group.push(shared);
      else groups.set(source, [shared]);
    }
    loaded = [...distinct.values()];
    for (const row of rows) row[name] = groups.get(keyOf(row[pk])) ?? [];
  }
  if (sub.size > 0 && loaded.length > 0) await loadTree(ctx, targetKey, loaded, sub);
}

async function loadTree(ctx: Context, key: string, rows: Row[], node: Tree): Promise<void> {
  const rels = own(ctx.root.relations, key) ?? {};
  for (const [name, sub] of node) {
    const rel = own(rels, name);
    if (!rel) throw new DatabaseError('unknown_relation', `'${key}' has no relation '${name}'`);
    await loadOne(ctx, key, rows, name, rel, sub);
  }
}

/**
 * Loads `paths` onto `rows` of table key `key`: one `WHERE … IN (…)` query per relation
 * and level, whatever the number of rows.
 */
export async function loadRelations(
  ctx: Context,
  key: string,
  rows: Row[],
  paths: readonly string[],
): Promise<void> {
  if (rows.length === 0) return;
  await loadTree(ctx, key, rows, tree(paths));
}
