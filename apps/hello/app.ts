import { serve } from '@hono/node-server';
import { Hono } from 'hono';

export const app = new Hono();
app.get('/', (c) => c.html('<h1>Hello from Flagon</h1>'));

if (import.meta.main) {
  const port = Number(process.env.PORT ?? 5000);
  const hostname = process.env.HOST ?? '127.0.0.1';
  const server = serve({ fetch: app.fetch, port, hostname }, () => {
    console.log(`Serving on http://${hostname}:${port}`);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => server.close(() => process.exit(0)));
  }
}
