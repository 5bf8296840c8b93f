import type {
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryId,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import type { TableCodec } from './codec.js';

type Decoder = (value: unknown) => unknown;
type Node = OperationNode & Record<string, unknown>;

function identifier(node: unknown): string | undefined {
  const n = node as Node | undefined;
  if (!n) return undefined;
  if (n.kind === 'IdentifierNode') return n.name as string;
  if (n.kind === 'SchemableIdentifierNode') return identifier(n.identifier);
  if (n.kind === 'TableNode') return identifier(n.table);
  return undefined;
}

/**
 * Decodes booleans, timestamps and JSON in rows of queries built with `db.kysely`, for the
 * columns it can trace back to a known table (plain column selections, `selectAll`, RETURNING).
 * Expressions and raw SQL are left as the driver returns them.
 */
export class DecodePlugin implements KyselyPlugin {
  readonly #codecs: ReadonlyMap<string, TableCodec>;
  readonly #plans = new WeakMap<QueryId, Map<string, Decoder>>();

  /** @param codecs - codecs keyed by SQL table name. */
  constructor(codecs: ReadonlyMap<string, TableCodec>) {
    this.#codecs = codecs;
  }

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    const plan = this.#plan(node as unknown as Node);
    if (plan && plan.size > 0) this.#plans.set(queryId, plan);
    return node;
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const plan = this.#plans.get(queryId);
    if (!plan) return result;
    for (const row of result.rows as Record<string, unknown>[]) {
      for (const [key, decode] of plan) {
        const v = row[key];
        if (v !== null && v !== undefined) row[key] = decode(v);
      }
    }
    return result;
  }

  #plan(node: Node): Map<string, Decoder> | undefined {
    const scope = new Map<string, TableCodec>();
    const add = (from: unknown): void => {
      const n = from as Node | undefined;
      if (!n) return;
      if (n.kind === 'AliasNode') {
        const codec = this.#codecs.get(identifier(n.node) ?? '');
        const alias = identifier(n.alias);
        if (codec && alias) scope.set(alias, codec);
      } else {
        const name = identifier(n);
        const codec = name ? this.#codecs.get(name) : undefined;
        if (codec && name) scope.set(name, codec);
      }
    };
    let selections: readonly Node[] | undefined;
    switch (node.kind) {
      case 'SelectQueryNode':
        for (const f of ((node.from as Node | undefined)?.froms as unknown[]) ?? []) add(f);
        selections = node.selections as Node[] | undefined;
        break;
      case 'InsertQueryNode':
        add(node.into);
        selections = (node.returning as Node | undefined)?.selections as Node[] | undefined;
        break;
      case 'UpdateQueryNode':
        add(node.table);
        for (const f of ((node.from as Node | undefined)?.froms as unknown[]) ?? []) add(f);
        selections = (node.returning as Node | undefined)?.selections as Node[] | undefined;
        break;
      case 'DeleteQueryNode':
        for (const f of ((node.from as Node | undefined)?.froms as unknown[]) ?? []) add(f);
        selections = (node.returning as Node | undefined)?.selections as Node[] | undefined;
        break;
      default:
        return undefined;
    }
    for (const j of (node.joins as Node[] | undefined) ?? []) add(j.table);
    if (!selections || scope.size === 0) return undefined;
    const plan = new Map<string, Decoder>();
    const allOf = (codec: TableCodec): void => {
      for (const column of Object.keys(codec.table.columns)) {
        const d = codec.decoderOf(column);
        if (d) plan.set(column, d);
      }
    };
    const column = (table: string | undefined, name: string): Decoder | undefined => {
      if (table) return scope.get(table)?.decoderOf(name);
      const owners = [...scope.values()].filter((c) => Object.hasOwn(c.table.columns, name));
      return owners.length === 1 ? owners[0]?.decoderOf(name) : undefined;
    };
    const visit = (sel: Node, alias?: string): void => {
      if (sel.kind === 'SelectAllNode') {
        for (const codec of scope.values()) allOf(codec);
      } else if (sel.kind === 'AliasNode') {
        visit(sel.node as Node, identifier(sel.alias));
      } else if (sel.kind === 'ReferenceNode') {
        const col = sel.column as Node;
        const table = identifier((sel.table as Node | undefined)?.table);
        if (col.kind === 'SelectAllNode') {
          const codec = table ? scope.get(table) : undefined;
          if (codec) allOf(codec);
          return;
        }
        const name = identifier(col.column);
        const d = name ? column(table, name) : undefined;
        if (d && name) plan.set(alias ?? name, d);
      } else if (sel.kind === 'ColumnNode') {
        const name = identifier(sel.column);
        const d = name ? column(undefined, name) : undefined;
        if (d && name) plan.set(alias ?? name, d);
      }
    };
    for (const s of selections) visit(s.selection as Node);
    return plan;
  }
}
