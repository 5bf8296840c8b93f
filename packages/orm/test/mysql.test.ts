import { createDatabase } from '../src/index.ts';
import { runDialectContract } from './contract.ts';
import { freshMysql } from './fixtures/servers.ts';

runDialectContract('mysql', async (options) => {
  const server = await freshMysql();
  return { db: await createDatabase(server.url, { ...options, pool: { max: 4 } }), cleanup: server.drop };
});
