// apps/hello served by Bun and by Deno (the npm packages pinned in package.json), tested over
// HTTP with the same suite as in-process. Runs when FLAGON_RUNTIMES=1 (.ci/run's runtimes step).
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { createApp } from '../app.ts';
import { freePort, type ServedApp, serveWith } from './runtime-server.ts';
import { helloSuite } from './suite.ts';

const root = join(import.meta.dirname, '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

const RUNTIMES = [
  { name: 'Bun', binary: bin('bun'), args: ['app.ts'] },
  { name: 'Deno', binary: bin('deno'), args: ['run', '-A', 'app.ts'] },
];

describe.each(RUNTIMES)('hello served by $name', ({ binary, args }) => {
  let served: ServedApp;

  beforeAll(async () => {
    const port = await freePort();
    served = await serveWith({
      binary,
      args,
      cwd: root,
      url: `http://127.0.0.1:${port}`,
      env: { HOST: '127.0.0.1', PORT: String(port) },
      install: 'run pnpm install at the repository root (bun and deno are devDependencies of apps/hello)',
    });
  }, 60_000);

  afterAll(async () => {
    await served?.stop();
  });

  // The local app only decodes the session cookie: both read the same config.ts and instance/.
  helloSuite(async () => (await createApp()).testClient({ baseUrl: served.url, fetch }));
});
