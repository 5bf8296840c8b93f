import { createDatabase } from '../src/index.ts';
import { runDialectContract } from './contract.ts';

runDialectContract('sqlite', async (options) => ({
  db: await createDatabase('sqlite::memory:', options),
  cleanup: async () => {},
}));
