import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS, freshDatabase, makeApp } from './helpers.ts';

describe.each(DIALECTS)('db on %s', (dialect) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase(dialect);
  });
  afterAll(async () => {
    await database.drop();
  });

  test('the database is one per app and closed when the app shuts down', async () => {
    const app = await makeApp(database.url);
    const client = app.testClient();
    expect((await client.get('/')).status).toBe(200);
    expect(await app.db.posts.count()).toBe(1);
    await app.shutdown();
    await expect(app.db.posts.count()).rejects.toThrow(/closed|destroyed|end|not open/i);
  });

  test('the init-db command drops and re-creates the tables and says so', async () => {
    const app = await makeApp(database.url);
    const printed: string[] = [];
    await app.cli.get('init-db')?.run({ args: {}, options: {}, print: (line) => printed.push(line) });
    expect(printed.join('\n')).toContain('Initialized');
    expect(await app.db.posts.count()).toBe(0);
    expect(await app.db.users.count()).toBe(0);
    await app.shutdown();
  });
});
