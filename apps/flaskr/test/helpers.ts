import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestClient } from '@flagon/core';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { createApp, initDb } from '../src/flaskr/index.ts';

export const DIALECTS = ['sqlite', 'postgres', 'mysql'] as const;
export type Dialect = (typeof DIALECTS)[number];

const PG_ADMIN = process.env.FLASKR_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MYSQL_ADMIN = process.env.FLASKR_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306/test';

function databaseUrl(admin: string, name: string): string {
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A database of its own for this test file and dialect, dropped by `drop()`. */
export async function freshDatabase(dialect: Dialect): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `flaskr_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'flaskr-'));
    return {
      url: `sqlite:${join(dir, 'flaskr.sqlite')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (dialect === 'postgres') {
    const admin = new pg.Client(PG_ADMIN);
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    return {
      url: databaseUrl(PG_ADMIN, name),
      drop: async () => {
        const c = new pg.Client(PG_ADMIN);
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const admin = await mysql.createConnection(MYSQL_ADMIN);
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  return {
    url: databaseUrl(MYSQL_ADMIN, name),
    drop: async () => {
      const c = await mysql.createConnection(MYSQL_ADMIN);
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

// The tutorial's data.sql: users "test" and "other" (werkzeug pbkdf2 hashes of "test" and
// "other"), and one post by "test".
const TEST_HASH =
  'pbkdf2:sha256:50000$TCI4GzcX$0de171a4f4dac32e3364c7ddc7c14f3e2fa61f2d17574483f7ffbb431b4acb2f';
const OTHER_HASH =
  'pbkdf2:sha256:50000$kJPKsz6N$d2d4784f1b030a9761f5ccaeeaca413f27f2ecb76d6168407af962ddce849f79';

// #region make-app
/** The tutorial's `app` fixture: a fresh schema with the test data, TESTING on. */
export async function makeApp(url: string) {
  const app = await createApp({ TESTING: true, DATABASE_URL: url });
  await initDb(app.db);
  await app.db.users.createMany([
    { username: 'test', password: TEST_HASH },
    { username: 'other', password: OTHER_HASH },
  ]);
  await app.db.posts.create({
    title: 'test title',
    body: 'test\nbody',
    authorId: 1,
    created: new Date('2018-01-01T00:00:00Z'),
  });
  return app;
}
// #endregion make-app

// #region auth-actions
/** The tutorial's `auth` fixture. */
export class AuthActions {
  readonly #client: TestClient;
  constructor(client: TestClient) {
    this.#client = client;
  }
  login(username = 'test', password = 'test') {
    return this.#client.post('/auth/login', { form: { username, password } });
  }
  logout() {
    return this.#client.get('/auth/logout');
  }
}
// #endregion auth-actions
