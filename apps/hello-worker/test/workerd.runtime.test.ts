// The bundle (pnpm build) served by workerd, Cloudflare's open-source Workers runtime from npm,
// tested over HTTP. Runs when FLAGON_RUNTIMES=1 (.ci/run's runtimes step).
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import workerd from 'workerd';
import { freePort, type ServedApp, serveWith } from '../../hello/test/runtime-server.ts';
import { createApp } from '../src/app.ts';
import { workerSuite } from './suite.ts';

const SECRET_KEY = 'hello-worker-test-secret';
const root = join(import.meta.dirname, '..');

// The setting (a 2025 date with nodejs_compat), and a worker without any Node API.
const SETTINGS = [
  { name: 'nodejs_compat, 2025-09-01', date: '2025-09-01', flags: ['nodejs_compat'] },
  { name: 'no compatibility flags', date: '2025-09-01', flags: [] },
];

describe.each(SETTINGS)('the worker served by workerd ($name)', ({ date, flags }) => {
  let served: ServedApp;
  let folder: string;

  beforeAll(async () => {
    const port = await freePort();
    folder = mkdtempSync(join(tmpdir(), 'hello-worker-'));
    copyFileSync(join(root, 'dist', 'worker.js'), join(folder, 'worker.js'));
    writeFileSync(join(folder, 'config.capnp'), config(port, date, flags));
    served = await serveWith({
      binary: workerd,
      args: ['serve', join(folder, 'config.capnp')],
      cwd: folder,
      url: `http://127.0.0.1:${port}`,
      install: 'run pnpm install at the repository root (workerd is a devDependency of apps/hello-worker)',
    });
  }, 60_000);

  afterAll(async () => {
    await served?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  // The local app only decodes the session cookie, with the same secret as the binding.
  workerSuite(async () => createApp({ SECRET_KEY }).testClient({ baseUrl: served.url, fetch }));
});

/** A workerd config like workerd.capnp, on `port`, with these compatibility settings. */
function config(port: number, date: string, flags: string[]): string {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "${date}",
  compatibilityFlags = ${JSON.stringify(flags)},
  bindings = [ (name = "SECRET_KEY", text = "${SECRET_KEY}") ],
);
`;
}
