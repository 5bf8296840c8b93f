// A local npm registry for the release rehearsal: Verdaccio on 127.0.0.1 with its own storage,
// serving the packages it is given to publish and proxying every other one from the registry
// that npm is configured with.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { cleanEnv, freePort, killGroup, RehearsalError, start } from './process.mjs';

const require = createRequire(import.meta.url);

/** The Verdaccio executable of the root devDependency (pinned in package.json). */
function verdaccioBin() {
  const manifest = require.resolve('verdaccio/package.json');
  const { bin } = require(manifest);
  return join(dirname(manifest), typeof bin === 'string' ? bin : bin.verdaccio);
}

/** Verdaccio's config: `local` packages are published here, everything else is proxied. */
function config(storage, upstream, local) {
  const own = local.map((name) => `  '${name}':\n    access: $all\n    publish: $all\n`).join('');
  return `storage: ${JSON.stringify(storage)}
uplinks:
  up:
    url: ${JSON.stringify(upstream)}
    timeout: 60s
packages:
${own}  '**':
    access: $all
    proxy: up
max_body_size: 100mb
log: { type: stdout, format: pretty, level: warn }
`;
}

/**
 * Starts Verdaccio in `folder` and resolves once `GET /-/ping` answers. `local` are package
 * name patterns published to it (`@flagon/*`); `upstream` is the registry it proxies.
 * Resolves to `{ url, pid, stop }`: `stop()` ends that process by its PID.
 */
export async function startRegistry(folder, { upstream, local }) {
  mkdirSync(join(folder, 'storage'), { recursive: true });
  const file = join(folder, 'config.yaml');
  writeFileSync(file, config(join(folder, 'storage'), upstream, local));
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const server = start(
      process.execPath,
      [verdaccioBin(), '--config', file, '--listen', `127.0.0.1:${port}`],
      {
        cwd: folder,
        env: cleanEnv(),
      },
    );
    const stop = async () => {
      killGroup(server.child.pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(server.child.pid, 'SIGKILL'), 10_000);
      await server.exited;
      clearTimeout(timer);
    };
    try {
      await waitForPing(url, server);
      return { url, pid: server.child.pid, stop };
    } catch (error) {
      lastError = error;
      await stop();
    }
  }
  throw lastError;
}

async function waitForPing(url, server) {
  const deadline = Date.now() + 60_000;
  let exited = false;
  server.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited)
      throw new RehearsalError(`Verdaccio exited before it answered on ${url}:\n${server.output()}`);
    try {
      const response = await fetch(`${url}-/ping`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new RehearsalError(`Verdaccio did not answer ${url}-/ping within 60 s:\n${server.output()}`);
}

/**
 * An npm user config file that makes `url` the only registry, with a token for publishing
 * (Verdaccio accepts any).
 */
export function writeUserConfig(file, url) {
  const host = url.replace(/^https?:/, '');
  writeFileSync(
    file,
    `registry=${url}\n${host}:_authToken=rehearsal\nfund=false\naudit=false\nupdate-notifier=false\n`,
  );
}
