// `pnpm rehearse-release`: a release rehearsal through a local npm registry. In a temporary
// clone of HEAD it runs `changeset version` and the real `pnpm release` against Verdaccio on
// 127.0.0.1, checks what was published, then creates, installs, tests and serves projects from
// that registry alone, outside the workspace. The checkout it runs from is only read.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkCreatedProject, checkEveryPackageApp, checkWorkspaceProject } from './consumer.mjs';
import { cleanEnv, killRunning, mustRun, RehearsalError } from './process.mjs';
import {
  checkPublishable,
  checkPublished,
  checkVersioned,
  pendingChangesets,
  workspacePackages,
  writeRehearsalChangeset,
} from './published.mjs';
import { startRegistry, writeUserConfig } from './registry.mjs';

const HELP = `Usage: pnpm rehearse-release [--keep]

Publishes the packages of HEAD to a local Verdaccio from a temporary clone (changeset version,
then pnpm release), and checks that new projects install and work from it.
  --keep   leave the temporary folder (clone, registry storage, projects) for inspection`;

const { values: options } = parseArgs({
  options: { keep: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
});
if (options.help) {
  console.log(HELP);
  process.exit(0);
}

const began = performance.now();
const elapsed = () => `${((performance.now() - began) / 1000).toFixed(1)} s`;
const log = (line) => console.log(`rehearse [${elapsed()}] ${line}`);

const cleanups = [];
async function cleanUp() {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    console.error(`rehearse: ${signal}, cleaning up`);
    killRunning();
    await cleanUp();
    process.exit(130);
  });
}

async function rehearse() {
  const here = import.meta.dirname;
  const repo = (await mustRun('git', ['rev-parse', '--show-toplevel'], { cwd: here })).stdout.trim();
  const head = (await mustRun('git', ['rev-parse', 'HEAD'], { cwd: repo })).stdout.trim();
  const dirty = (await mustRun('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repo }))
    .stdout;
  const tags = (await mustRun('git', ['tag', '--list'], { cwd: repo })).stdout;
  if (dirty.trim()) log(`note: uncommitted changes in ${repo} are not part of the rehearsal (it uses HEAD)`);
  // The registry this machine installs from, as npm sees it (the user's .npmrc, environment).
  const upstream = (
    await mustRun('npm', ['config', 'get', 'registry'], { cwd: repo, env: process.env })
  ).stdout.trim();

  const work = mkdtempSync(join(tmpdir(), 'flagon-rehearsal-'));
  cleanups.push(() => {
    if (options.keep) console.log(`rehearse: kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  });
  log(`HEAD ${head.slice(0, 12)} of ${repo}; working in ${work}; upstream registry ${upstream}`);

  // 1. A clone of HEAD: everything below changes only the clone.
  const clone = join(work, 'clone');
  await mustRun('git', ['clone', '--quiet', '--no-checkout', repo, clone]);
  await mustRun('git', ['checkout', '--quiet', '--detach', head], { cwd: clone });
  const workspaceEnv = cleanEnv({ npm_config_registry: upstream, TURBO_TELEMETRY_DISABLED: '1' });
  await mustRun('pnpm', ['install', '--frozen-lockfile', '--prefer-offline'], {
    cwd: clone,
    env: workspaceEnv,
    timeout: 600_000,
  });
  log('cloned and installed');

  // 2. changeset version, with the pending changesets (or a patch for every package).
  const before = await workspacePackages(clone, workspaceEnv);
  checkPublishable(before);
  const pending = pendingChangesets(clone);
  if (pending.length === 0) {
    writeRehearsalChangeset(clone, before);
    log('no pending changesets: releasing every package as a patch');
  }
  await mustRun('pnpm', ['exec', 'changeset', 'version'], { cwd: clone, env: workspaceEnv });
  const after = await workspacePackages(clone, workspaceEnv);
  checkVersioned(clone, before, after);
  const released = after.filter((p) => !p.private);
  const versions = new Map(released.map((p) => [p.name, p.version]));
  log(
    `changeset version (${pending.length} changesets): ${released.map((p) => `${p.name} ${before.find((b) => b.name === p.name)?.version} → ${p.version}`).join(', ')}`,
  );

  // 3. The registry: the released names are published to it, everything else is proxied.
  const patterns = [
    ...new Set(released.map((p) => (p.name.startsWith('@') ? `${p.name.split('/')[0]}/*` : p.name))),
  ];
  const registry = await startRegistry(join(work, 'registry'), { upstream, local: patterns });
  cleanups.push(async () => {
    await registry.stop();
    log(`Verdaccio (pid ${registry.pid}) stopped`);
  });
  log(`Verdaccio ${registry.url} (pid ${registry.pid}) serves ${patterns.join(', ')}, proxies the rest`);

  // 4. The real release command, against that registry only.
  const userconfig = join(work, 'npmrc');
  writeUserConfig(userconfig, registry.url);
  const registryEnv = cleanEnv({
    NPM_CONFIG_USERCONFIG: userconfig,
    npm_config_registry: registry.url,
    TURBO_TELEMETRY_DISABLED: '1',
  });
  await mustRun('pnpm', ['release'], { cwd: clone, env: registryEnv, timeout: 900_000 });
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  const summary = await checkPublished(registry.url, after, tarballs);
  log(`pnpm release published:\n  ${summary.join('\n  ')}`);

  // 5. Users: an empty folder outside the workspace, with only that registry configured.
  const users = join(work, 'users');
  mkdirSync(users);
  const userEnv = cleanEnv({
    NPM_CONFIG_USERCONFIG: userconfig,
    npm_config_registry: registry.url,
    npm_config_cache: join(work, 'npm-cache'),
    npm_config_cache_dir: join(work, 'pnpm-cache'),
    CI: 'true',
    NO_COLOR: '1',
  });
  // Two at a time (both layouts with pnpm, then with npm); a failure is reported once both end.
  const created = [];
  for (const manager of ['pnpm', 'npm']) {
    const suffix = manager === 'pnpm' ? '' : '2';
    const pair = [
      ['single', `my-app${suffix}`],
      ['package', `my-pkg-app${suffix}`],
    ].map(([layout, name]) =>
      checkCreatedProject({ root: users, manager, layout, name, env: userEnv, versions, log }),
    );
    for (const outcome of await Promise.allSettled(pair)) {
      if (outcome.status === 'rejected') throw outcome.reason;
      created.push(outcome.value);
    }
  }
  const single = created[0];
  const tools = { ...single.dependencies, ...single.devDependencies };
  const published = released.filter((p) => p.name.startsWith('@flagon/'));
  await checkEveryPackageApp({ root: users, packages: published, tools, env: userEnv, log });

  // 6. Inside the workspace (the clone), a new project under apps/ installs with pnpm install.
  await checkWorkspaceProject({ clone, env: workspaceEnv, log });

  // 7. The checkout it ran from is as it was.
  const headAfter = (await mustRun('git', ['rev-parse', 'HEAD'], { cwd: repo })).stdout.trim();
  const dirtyAfter = (await mustRun('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repo }))
    .stdout;
  const tagsAfter = (await mustRun('git', ['tag', '--list'], { cwd: repo })).stdout;
  const changed = [
    headAfter !== head && `HEAD moved from ${head} to ${headAfter}`,
    dirtyAfter !== dirty && 'tracked files changed',
    tagsAfter !== tags && 'tags changed',
  ].filter(Boolean);
  if (changed.length > 0) {
    throw new RehearsalError(
      `${repo}'s git state changed during the rehearsal: ${changed.join(', ')} (by the rehearsal, or by someone editing the checkout meanwhile)`,
    );
  }
}

try {
  await rehearse();
  await cleanUp();
  console.log(`rehearse-release: passed in ${elapsed()}`);
} catch (error) {
  await cleanUp();
  const message = error instanceof RehearsalError ? error.message : (error?.stack ?? String(error));
  console.error(`rehearse-release: FAILED after ${elapsed()}\n${message}`);
  process.exitCode = 1;
}
