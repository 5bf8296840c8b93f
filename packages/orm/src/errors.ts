/** Stable codes carried by {@link DatabaseError}. */
export type DatabaseErrorCode =
  | 'bad_url'
  | 'missing_driver'
  | 'connection_failed'
  | 'not_found'
  | 'unknown_table'
  | 'unknown_column'
  | 'unknown_relation'
  | 'invalid_value'
  | 'not_null_violation'
  | 'unique_violation'
  | 'foreign_key_violation'
  | 'check_violation'
  | 'n_plus_one'
  | 'migration_failed'
  | 'query_failed';

/** Options for {@link DatabaseError}. */
export interface DatabaseErrorOptions {
  table?: string | undefined;
  column?: string | undefined;
  url?: string | undefined;
  sql?: string | undefined;
  cause?: unknown;
}

/**
 * Every error the ORM raises: a `code`, the `table` and `column` involved when known, the
 * masked `url` for connection problems, and the driver error as `cause`.
 *
 * @example
 * ```ts
 * try { await db.users.create({ username: 'taken', password: 'x' }); }
 * catch (e) { if (e instanceof DatabaseError && e.code === 'unique_violation') … }
 * ```
 */
export class DatabaseError extends Error {
  readonly code: DatabaseErrorCode;
  readonly table: string | undefined;
  readonly column: string | undefined;
  readonly url: string | undefined;
  readonly sql: string | undefined;

  constructor(code: DatabaseErrorCode, message: string, options: DatabaseErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'DatabaseError';
    this.code = code;
    this.table = options.table;
    this.column = options.column;
    this.url = options.url;
    this.sql = options.sql;
  }
}

interface DriverErrorShape {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
  table?: unknown;
  column?: unknown;
  detail?: unknown;
  constraint?: unknown;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The table an INSERT, UPDATE or DELETE statement writes to. */
function tableOf(sql: string | undefined): string | undefined {
  const m = sql && /^\s*(?:insert\s+into|update|delete\s+from)\s+[`"]?([\w$]+)[`"]?/i.exec(sql);
  return m ? m[1] : undefined;
}

function describe(code: DatabaseErrorCode, table: string | undefined, column: string | undefined): string {
  const where = table ? (column ? `${table}.${column}` : table) : column;
  switch (code) {
    case 'not_null_violation':
      return `NOT NULL constraint failed on ${where ?? 'a column'}: a value is required`;
    case 'unique_violation':
      return `UNIQUE constraint failed on ${where ?? 'a column'}: the value is already taken`;
    case 'foreign_key_violation':
      return `FOREIGN KEY constraint failed on ${where ?? 'a row'}: the referenced row does not exist (or is still referenced)`;
    case 'unknown_column':
      return `unknown column ${where ?? ''}`.trim();
    case 'unknown_table':
      return `table ${table ?? ''} does not exist; create it with db.createAll() or a migration`;
    case 'check_violation':
      return `CHECK constraint failed on ${where ?? 'a row'}`;
    default:
      return `query failed${where ? ` on ${where}` : ''}`;
  }
}

/**
 * Turns a driver error (better-sqlite3, pg, mysql2) into a {@link DatabaseError} naming the
 * table and column where the driver reveals them, falling back to the table being queried.
 */
export function toDatabaseError(
  error: unknown,
  context: { table?: string | undefined; sql?: string },
): unknown {
  if (error instanceof DatabaseError || typeof error !== 'object' || error === null) return error;
  const e = error as DriverErrorShape;
  const message = str(e.message) ?? '';
  const code = str(e.code) ?? '';
  let kind: DatabaseErrorCode | undefined;
  let table = context.table ?? tableOf(context.sql);
  let column: string | undefined;

  // SQLite: "NOT NULL constraint failed: post.title", "UNIQUE constraint failed: user.username"
  const sqlite = /^(NOT NULL|UNIQUE|FOREIGN KEY|CHECK) constraint failed(?::\s*([\w$]+)\.([\w$]+))?/.exec(
    message,
  );
  if (code.startsWith('SQLITE_CONSTRAINT') && sqlite) {
    kind = (
      {
        'NOT NULL': 'not_null_violation',
        UNIQUE: 'unique_violation',
        'FOREIGN KEY': 'foreign_key_violation',
      } as const
    )[sqlite[1] as 'NOT NULL'];
    kind ??= 'check_violation';
    table = sqlite[2] ?? table;
    column = sqlite[3];
  } else if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    kind = 'unique_violation';
  } else if (message.startsWith('no such table: ')) {
    kind = 'unknown_table';
    table = message.slice('no such table: '.length).replace(/^main\./, '');
  } else if (/no such column: |has no column named /.test(message)) {
    kind = 'unknown_column';
    column = /(?:no such column: |has no column named )([\w$.]+)/.exec(message)?.[1];
  }
  // PostgreSQL SQLSTATE codes.
  else if (/^[0-9A-Z]{5}$/.test(code) && e.errno === undefined) {
    const pg: Record<string, DatabaseErrorCode> = {
      '23502': 'not_null_violation',
      '23505': 'unique_violation',
      '23503': 'foreign_key_violation',
      '23514': 'check_violation',
      '42703': 'unknown_column',
      '42P01': 'unknown_table',
      '22P02': 'invalid_value',
      '22007': 'invalid_value',
      '22003': 'invalid_value',
    };
    kind = pg[code];
    table = str(e.table) ?? table;
    column = str(e.column) ?? /Key \(([^)]+)\)/.exec(str(e.detail) ?? '')?.[1];
    column ??= /column "([^"]+)"/.exec(message)?.[1];
    if (kind === 'unknown_table') table = /relation "([^"]+)"/.exec(message)?.[1] ?? table;
  }
  // MySQL / MariaDB errno.
  else if (typeof e.errno === 'number') {
    switch (e.errno) {
      case 1048:
      case 1364:
        kind = 'not_null_violation';
        column = /(?:Column|Field) '([^']+)'/.exec(message)?.[1];
        break;
      case 1062:
        kind = 'unique_violation';
        column = /for key '(?:[\w$]+\.)?([^']+)'/.exec(message)?.[1];
        break;
      case 1451:
      case 1452: {
        kind = 'foreign_key_violation';
        const m = /\(`[^`]+`\.`([^`]+)`, CONSTRAINT .*?FOREIGN KEY \(`([^`]+)`\)/.exec(message);
        table = m?.[1] ?? table;
        column = m?.[2];
        break;
      }
      case 1146:
        kind = 'unknown_table';
        table = /Table '(?:[^.']+\.)?([^']+)'/.exec(message)?.[1] ?? table;
        break;
      case 1054:
        kind = 'unknown_column';
        column = /Unknown column '([^']+)'/.exec(message)?.[1];
        break;
      case 1366:
      case 1292:
      case 1264:
        kind = 'invalid_value';
        column = /column `?'?(?:[\w$]+`?\.`?)*([\w$]+)`?'? at row/.exec(message)?.[1];
        break;
    }
  }
  if (!kind) {
    return new DatabaseError('query_failed', `${message}${table ? ` (table ${table})` : ''}`, {
      table,
      sql: context.sql,
      cause: error,
    });
  }
  return new DatabaseError(kind, `${describe(kind, table, column)} — ${message}`, {
    table,
    column,
    sql: context.sql,
    cause: error,
  });
}
