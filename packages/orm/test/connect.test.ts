import { describe, expect, test } from 'vitest';
import {
  belongsTo,
  column as c,
  createDatabase,
  DatabaseError,
  maskUrl,
  parseDatabaseUrl,
  table,
} from '../src/index.ts';
import { tables } from './fixtures/models.ts';

describe('database URLs', () => {
  test('parses every supported form', () => {
    expect(parseDatabaseUrl('sqlite::memory:')).toMatchObject({ dialect: 'sqlite', filename: ':memory:' });
    expect(parseDatabaseUrl('sqlite:app.db')).toMatchObject({ dialect: 'sqlite', filename: 'app.db' });
    expect(parseDatabaseUrl('sqlite:///var/app.db')).toMatchObject({
      dialect: 'sqlite',
      filename: '/var/app.db',
    });
    expect(parseDatabaseUrl('postgresql://u:p@h/db')).toMatchObject({
      dialect: 'postgres',
      masked: 'postgresql://u:***@h/db',
    });
    expect(parseDatabaseUrl('mariadb://u@h:3306/db')).toMatchObject({
      dialect: 'mysql',
      masked: 'mariadb://u@h:3306/db',
    });
  });

  test('masks passwords', () => {
    expect(maskUrl('postgres://user:s3cr:et@host:5432/db?x=1')).toBe('postgres://user:***@host:5432/db?x=1');
    expect(maskUrl('mysql://root@localhost/test')).toBe('mysql://root@localhost/test');
  });

  test('unsupported or malformed URLs are bad_url errors with the password masked', async () => {
    const error = await createDatabase('oracle://scott:tiger@db/x', { tables }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toMatchObject({ code: 'bad_url', url: 'oracle://scott:***@db/x' });
    expect((error as Error).message).not.toContain('tiger');
    expect(() => parseDatabaseUrl('sqlite:')).toThrow(/names no file/);
    expect(() => parseDatabaseUrl('postgres://')).toThrow(DatabaseError);
  });

  test.each([
    ['postgres://flagon:hunter2@127.0.0.1:1/nope', 'postgres://flagon:***@127.0.0.1:1/nope'],
    ['mysql://flagon:hunter2@127.0.0.1:1/nope', 'mysql://flagon:***@127.0.0.1:1/nope'],
  ])('an unreachable server (%s) is connection_failed naming the masked URL', async (url, masked) => {
    const error = await createDatabase(url, { tables, pool: { connectTimeoutMs: 2000 } }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'connection_failed', url: masked });
    expect((error as Error).message).toContain(masked);
    expect((error as Error).message).not.toContain('hunter2');
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });

  test('a wrong password on a reachable server is connection_failed too', async () => {
    const error = await createDatabase('mysql://nobody_flagon:wrong@127.0.0.1:3306/test', { tables }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'connection_failed',
      url: 'mysql://nobody_flagon:***@127.0.0.1:3306/test',
    });
  });
});

describe('definitions are checked when the database opens', () => {
  test('a table key that clashes with a database method is rejected', async () => {
    const close = table('close', { id: c.integer().primaryKey() });
    await expect(createDatabase('sqlite::memory:', { tables: { close } })).rejects.toThrow(/clashes/);
  });

  test('a relation naming a missing column is rejected', async () => {
    const a = table('a', { id: c.integer().primaryKey() });
    const b = table('b', { id: c.integer().primaryKey(), aId: c.integer() });
    const error = await createDatabase('sqlite::memory:', {
      tables: { a, b },
      relations: { b: { a: belongsTo(a, 'nope') } },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unknown_column', table: 'b', column: 'nope' });
  });

  test('several primaryKey() columns are rejected with a hint', () => {
    expect(() => table('x', { a: c.integer().primaryKey(), b: c.integer().primaryKey() })).toThrow(
      /composite key/,
    );
  });
});
