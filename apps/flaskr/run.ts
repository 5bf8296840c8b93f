// Development entry: creates the app and serves it on HOST:PORT (default 127.0.0.1:5000).
// DEBUG comes from the configuration (on by default in config.ts; instance/config.ts or
// FLASKR_DEBUG may turn it off). The database schema is created on first start; SIGTERM stops
// the server cleanly.
import { createApp } from './src/flaskr/index.ts';

const overrides: Record<string, unknown> = {};
if (process.env.DATABASE_URL) overrides.DATABASE_URL = process.env.DATABASE_URL;

const app = await createApp(overrides);
const server = await app.listen({
  host: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 5000),
});
console.log(`Flaskr is serving on ${server.url}${app.debug ? ' (debug mode)' : ''}`);
