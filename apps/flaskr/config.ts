// Configuration shared by every machine. Secrets go in instance/config.ts (see config.example.ts there)
// or in FLASKR_-prefixed environment variables, never here.
import { defineConfig } from '@flagon/config';

export default defineConfig({
  // SQLite file in the instance folder; DATABASE_URL (or FLASKR_DATABASE_URL) switches to
  // postgres://… or mysql://… with no code change.
  DATABASE_URL: 'sqlite:flaskr.sqlite',
});
