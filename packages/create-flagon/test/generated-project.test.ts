import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createFlagon, run, tempFolder } from './helpers.ts';

// Scaffolds both layouts outside the repository, installs the workspace's packed packages
// into them with npm (other dependencies come from the registry), runs their tests, migrates
// with the installed `flagon`, and serves the page. About 35 s with a cold npm cache; it needs
// the npm registry.
const PACKAGES = ['core', 'config', 'orm', 'templates', 'forms', 'cli'];
const WORKSPACE = resolve(import.meta.dirname, '../..');

/** Where Linux distributions keep the system's trusted certificates. */
const SYSTEM_CA_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt'];

/**
 * The environment without this test run's own vitest, pnpm and npm settings. turbo's strict
 * environment drops NODE_EXTRA_CA_CERTS, which npm needs to reach the registry on machines
 * whose TLS goes through a local certificate authority: the system's bundle is trusted again.
 */
function cleanEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(VITEST|npm_|PNPM_|TURBO_|NODE_OPTIONS$|FORCE_COLOR$)/i.test(key)) env[key] = value;
  }
  env.NODE_EXTRA_CA_CERTS ??= SYSTEM_CA_BUNDLES.find((file) => existsSync(file));
  return { ...env, NODE_ENV: undefined, CI: 'true', NO_COLOR: '1' };
}

async function packWorkspace(): Promise<string[]> {
  const out = tempFolder('packs');
  for (const name of PACKAGES) {
    const dir = join(WORKSPACE, name);
    if (!existsSync(join(dir, 'dist')))
      throw new Error(`packages/${name} is not built: run pnpm build first`);
    const packed = await run('pnpm', ['pack', '--pack-destination', out], { cwd: dir, timeout: 60_000 });
    if (packed.code !== 0) throw new Error(`pnpm pack failed in packages/${name}:\n${packed.stderr}`);
  }
  return readdirSync(out).map((file) => join(out, file));
}

/** `npm start` serves the page, and a SIGTERM sent to npm stops the server, not only npm. */
async function serve(dir: string): Promise<void> {
  const child = spawn('npm', ['start'], {
    cwd: dir,
    env: { ...cleanEnv(), PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL after 15 s:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Running on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1] as string);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then((code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  const page = await fetch(`${url}/`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('<title>Guestbook · ');
  expect(html).toMatch(/<form method="post"( novalidate)?>/);
  const css = await fetch(`${url}/static/style.css`);
  expect(css.status).toBe(200);
  expect(await css.text()).toContain('--accent');
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  await expect(fetch(`${url}/`)).rejects.toThrow();
}

describe('a generated project, installed from packed tarballs', { timeout: 240_000 }, () => {
  let tarballs: string[];
  const cwd = tempFolder('e2e');
  const apps = [
    { layout: 'single', name: 'guestbook' },
    { layout: 'package', name: 'shop' },
  ];

  beforeAll(async () => {
    tarballs = await packWorkspace();
    expect(tarballs).toHaveLength(PACKAGES.length);
    await Promise.all(
      apps.map(async (app) => {
        const made = await createFlagon([app.name, '--template', app.layout, '--no-install'], cwd);
        expect(made.code, made.stderr).toBe(0);
        const installed = await run(
          'npm',
          ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs],
          { cwd: join(cwd, app.name), env: cleanEnv(), timeout: 200_000 },
        );
        expect(installed.code, installed.stderr).toBe(0);
      }),
    );
  }, 240_000);

  afterAll(() => {
    // The projects hold a node_modules each: do not leave them in the temporary folder.
    rmSync(cwd, { recursive: true, force: true });
    if (tarballs?.[0]) rmSync(dirname(tarballs[0]), { recursive: true, force: true });
  }, 120_000);

  for (const app of apps) {
    test(`${app.layout}: its tests and typecheck pass, flagon migrates it, and npm start serves the page until SIGTERM`, async () => {
      const dir = join(cwd, app.name);
      const tests = await run('npm', ['test'], { cwd: dir, env: cleanEnv(), timeout: 120_000 });
      expect(tests.code, tests.stdout + tests.stderr).toBe(0);
      expect(tests.stdout).toMatch(/Tests\s+\d+ passed/);
      const typecheck = await run('npm', ['run', 'typecheck'], {
        cwd: dir,
        env: cleanEnv(),
        timeout: 120_000,
      });
      expect(typecheck.code, typecheck.stdout + typecheck.stderr).toBe(0);

      const migrate = await run('npx', ['flagon', 'db', 'migrate'], { cwd: dir, env: cleanEnv() });
      expect(migrate.stdout + migrate.stderr).toContain('applied 0001_create_message');
      const routes = await run('npx', ['flagon', 'routes'], { cwd: dir, env: cleanEnv() });
      expect(routes.stdout).toMatch(/^index\s+GET, POST\s+\/$/m);
      // Flagon's own keys are settable like the app's (here behind a proxy, from the environment).
      const prefix = app.name.toUpperCase();
      const proxied = await run('npx', ['flagon', 'config'], {
        cwd: dir,
        env: {
          ...cleanEnv(),
          [`${prefix}_TRUSTED_HOSTS`]: '["app.example.com"]',
          [`${prefix}_PROXY_FIX`]: '{"for":1}',
        },
      });
      expect(proxied.stdout, proxied.stderr).toMatch(
        new RegExp(`^TRUSTED_HOSTS\\s+\\["app\\.example\\.com"\\]\\s+env ${prefix}_TRUSTED_HOSTS$`, 'm'),
      );
      expect(proxied.stdout).toMatch(new RegExp(`^PROXY_FIX\\.for\\s+1\\s+env ${prefix}_PROXY_FIX$`, 'm'));

      await serve(dir);
    });
  }
});
