// Schema as code

export type { ColumnConfig, ColumnKind, ColumnLike, JsonValue, ReferentialAction } from './schema/column.js';
export { Column, column } from './schema/column.js';
export type {
  Columns,
  IndexDefinition,
  InsertOf,
  KyselyTableOf,
  PrimaryKeyOf,
  RowOf,
  SchemaOf,
  SelectValue,
  Table,
  TableOptions,
  Tables,
  UpdateOf,
} from './schema/table.js';
export { table } from './schema/table.js';

// Relations

export type { LoadedRow, Relation, RelationKind, RelationPath, Relations } from './relations.js';
export { belongsTo, hasMany, hasOne, manyToMany } from './relations.js';

// Opening a database

export type { DatabaseOptions, PoolOptions } from './connect.js';
export { createDatabase, DATABASE_DEFAULTS } from './connect.js';
export type { Database } from './database.js';
export { DatabaseCore } from './database.js';
export type { DatabaseUrl, DialectName } from './url.js';
export { maskUrl, parseDatabaseUrl } from './url.js';

// Helpers and queries

export type { IterPagesOptions, KeysetOptions, KeysetPage, PaginateOptions } from './pagination.js';
export { Page } from './pagination.js';
export type { OperandFor, Operator, WhereObject } from './query.js';
export { Query } from './query.js';
export type { UpsertOptions } from './table-api.js';
export { TableApi } from './table-api.js';

// In a Flagon app

export type { OrmApp, OrmExtension, OrmExtensionOptions } from './extension.js';
export { ormExtension } from './extension.js';

// Migrations

export type { Migratable, MigrationOptions, MigrationOutcome, MigrationStatus } from './migrations.js';
export {
  createTables,
  dialectOf,
  dropTables,
  makeMigration,
  migrate,
  migrateDown,
  migrateUp,
  migrationStatus,
  rollback,
} from './migrations.js';

// Errors

export type { DatabaseErrorCode, DatabaseErrorOptions } from './errors.js';
export { DatabaseError } from './errors.js';

// Observability

export type { NPlusOneMode, NPlusOneOptions, NPlusOneWarning, QueryRecord } from './tracking.js';

// SQLite dialect (usable with plain Kysely)

export type {
  FlagonSqliteDialectConfig,
  SqliteDatabase,
  SqliteStatement,
} from './dialects/sqlite-dialect.js';
export { FlagonSqliteDialect } from './dialects/sqlite-dialect.js';
