// Configuration shared by every machine. Secrets go in instance/config.ts (see config.example.ts there)
// or in FLASKR_-prefixed environment variables, never here.
import { defineConfig } from '@flagon/config';

export default defineConfig(({ mode }) => ({
  // SQLite file in the instance folder; DATABASE_URL (or FLASKR_DATABASE_URL) switches to
  // postgres://… or mysql://… with no code change.
  DATABASE_URL: 'sqlite:flaskr.sqlite',
  // Development by default, so `pnpm start` on a fresh checkout serves in debug mode. On a server,
  // NODE_ENV=production (or FLAGON_ENV), `DEBUG: false` in instance/config.ts or FLASKR_DEBUG=false
  // turns it off — and then a real SECRET_KEY is required.
  DEBUG: mode !== 'production',
}));
