import { DatabaseError } from './errors.js';

/** The SQL dialects Flagon's ORM supports. */
export type DialectName = 'sqlite' | 'postgres' | 'mysql';

/** A parsed database URL. */
export interface DatabaseUrl {
  readonly dialect: DialectName;
  /** For SQLite: `:memory:` or a file path (relative paths resolved later against `baseDir`). */
  readonly filename: string;
  /** For PostgreSQL and MySQL: the URL as given. */
  readonly connectionString: string;
  /** The URL with the password replaced by `***`, safe for logs and errors. */
  readonly masked: string;
}

/**
 * Replaces the password in a URL with `***`: `postgres://user:***@host/db`.
 *
 * @example
 * ```ts
 * maskUrl('postgres://app:s3cret@db/app'); // 'postgres://app:***@db/app'
 * ```
 */
export function maskUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^@/?#]*@/i, '$1:***@');
}

/**
 * Parses `sqlite::memory:`, `sqlite:app.db`, `sqlite:/abs/app.db`, `postgres://…`,
 * `postgresql://…`, `mysql://…` or `mariadb://…`.
 *
 * @throws DatabaseError `bad_url` for anything else.
 */
export function parseDatabaseUrl(url: string): DatabaseUrl {
  const masked = maskUrl(url);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') {
    let filename = url.slice('sqlite:'.length);
    if (filename.startsWith('//')) filename = filename.slice(2);
    if (filename === '') {
      throw new DatabaseError(
        'bad_url',
        `SQLite URL '${masked}' names no file; use 'sqlite:app.db' or 'sqlite::memory:'`,
        {
          url: masked,
        },
      );
    }
    return { dialect: 'sqlite', filename, connectionString: url, masked };
  }
  if (scheme === 'postgres' || scheme === 'postgresql' || scheme === 'mysql' || scheme === 'mariadb') {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (cause) {
      throw new DatabaseError('bad_url', `database URL '${masked}' is not a valid URL`, {
        url: masked,
        cause,
      });
    }
    if (!parsed.hostname) {
      throw new DatabaseError('bad_url', `database URL '${masked}' has no host`, { url: masked });
    }
    const dialect = scheme.startsWith('postgres') ? 'postgres' : 'mysql';
    return { dialect, filename: '', connectionString: url, masked };
  }
  throw new DatabaseError(
    'bad_url',
    `unsupported database URL '${masked}': expected sqlite:file.db, sqlite::memory:, postgres://… or mysql://…`,
    { url: masked },
  );
}
