import { DatabaseError } from '../errors.js';
import type { ColumnConfig } from '../schema/column.js';
import type { Table } from '../schema/table.js';
import type { DialectName } from '../url.js';
import { own } from './own.js';

type Row = Record<string, unknown>;

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : 'a Date';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string'
    ? `the string ${JSON.stringify(value.slice(0, 40))}`
    : `${typeof value} ${String(value)}`;
}

const EXPECTED: Record<ColumnConfig['kind'], string> = {
  integer: 'an integer',
  real: 'a number',
  text: 'a string',
  string: 'a string',
  boolean: 'a boolean',
  timestamp: 'a Date',
  json: 'a JSON value',
};

function valid(config: ColumnConfig, value: unknown): boolean {
  switch (config.kind) {
    case 'integer':
      return Number.isSafeInteger(value);
    case 'real':
      return typeof value === 'number' && Number.isFinite(value);
    case 'text':
      return typeof value === 'string';
    case 'string':
      return typeof value === 'string' && (config.length === undefined || value.length <= config.length);
    case 'boolean':
      return typeof value === 'boolean';
    case 'timestamp':
      return value instanceof Date && !Number.isNaN(value.getTime());
    case 'json':
      return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
  }
}

/**
 * Converts values between JavaScript and one dialect for one table: validates and encodes
 * what helpers write, decodes booleans, timestamps and JSON that helpers read.
 */
export class TableCodec {
  readonly table: Table;
  readonly dialect: DialectName;
  readonly #decoders: [string, (value: unknown) => unknown][];
  readonly #byColumn = new Map<string, (value: unknown) => unknown>();

  constructor(table: Table, dialect: DialectName) {
    this.table = table;
    this.dialect = dialect;
    this.#decoders = [];
    for (const [name, col] of Object.entries(table.columns)) {
      const decoder = this.#decoderFor(col.config);
      if (decoder) {
        this.#decoders.push([name, decoder]);
        this.#byColumn.set(name, decoder);
      }
    }
  }

  #decoderFor(config: ColumnConfig): ((value: unknown) => unknown) | undefined {
    const d = this.dialect;
    switch (config.kind) {
      case 'boolean':
        return d === 'postgres'
          ? undefined
          : (v) => (typeof v === 'number' || typeof v === 'bigint' ? v !== 0 && v !== 0n : v);
      case 'timestamp':
        return d === 'sqlite'
          ? (v) => (typeof v === 'string' || typeof v === 'number' ? new Date(v) : v)
          : undefined;
      case 'json':
        return d === 'postgres'
          ? undefined
          : (v) => {
              if (typeof v !== 'string') return v;
              try {
                return JSON.parse(v);
              } catch {
                return v;
              }
            };
      default:
        return undefined;
    }
  }

  /** The decoder for column `name`, if its values need one on this dialect. */
  decoderOf(name: string): ((value: unknown) => unknown) | undefined {
    return this.#byColumn.get(name);
  }

  /** Whether any column needs decoding on this dialect. */
  get decodes(): boolean {
    return this.#decoders.length > 0;
  }

  /** Decodes a row in place and returns it. */
  decode<R>(row: Row): R {
    for (const [name, decode] of this.#decoders) {
      const v = row[name];
      if (v !== null && v !== undefined) row[name] = decode(v);
    }
    return row as R;
  }

  /** Checks that `name` is a column of this table. @throws DatabaseError `unknown_column`. */
  column(name: string): ColumnConfig {
    const col = own(this.table.columns, name);
    if (!col) {
      throw new DatabaseError(
        'unknown_column',
        `table '${this.table.name}' has no column '${name}' (columns: ${Object.keys(this.table.columns).join(', ')})`,
        { table: this.table.name, column: name },
      );
    }
    return col.config;
  }

  /** Validates and encodes one value for column `name`. */
  encodeValue(name: string, value: unknown): unknown {
    const config = this.column(name);
    if (value === null) {
      if (!config.nullable) {
        throw new DatabaseError('not_null_violation', `column '${this.table.name}.${name}' cannot be null`, {
          table: this.table.name,
          column: name,
        });
      }
      return null;
    }
    if (!valid(config, value)) {
      const bound =
        config.kind === 'string' && typeof value === 'string'
          ? ` of at most ${config.length} characters`
          : '';
      throw new DatabaseError(
        'invalid_value',
        `column '${this.table.name}.${name}' expects ${EXPECTED[config.kind]}${bound}, got ${typeName(value)}`,
        { table: this.table.name, column: name },
      );
    }
    switch (config.kind) {
      case 'boolean':
        return this.dialect === 'postgres' ? value : value ? 1 : 0;
      case 'timestamp':
        return this.dialect === 'sqlite' ? (value as Date).toISOString() : value;
      case 'json':
        return JSON.stringify(value);
      default:
        return value;
    }
  }

  /** Validates and encodes a record of values; `undefined` entries are dropped. */
  encode(values: object): Row {
    const out: Row = {};
    for (const [name, value] of Object.entries(values)) {
      if (value !== undefined) out[name] = this.encodeValue(name, value);
    }
    return out;
  }
}
