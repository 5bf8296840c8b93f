import { createDatabase } from '../src/index.ts';
import { runDialectContract } from './contract.ts';
import { freshPostgres } from './fixtures/servers.ts';

runDialectContract('postgres', async (options) => {
  const server = await freshPostgres();
  return { db: await createDatabase(server.url, { ...options, pool: { max: 4 } }), cleanup: server.drop };
});
