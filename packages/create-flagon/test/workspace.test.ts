import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createFlagon, removeTempFolders, run, tempFolder } from './helpers.ts';

afterAll(removeTempFolders);

const FLAGON = ['cli', 'config', 'core', 'forms', 'orm', 'templates'];

/**
 * A pnpm workspace like Flagon's own, outside the repository: `libs/*` hold @flagon packages at a
 * version no registry has, `apps/*` are its projects, `examples/` is not listed.
 */
function flagonLikeWorkspace(): string {
  const root = tempFolder('workspace');
  writeFileSync(join(root, 'package.json'), '{ "name": "ws", "private": true }\n');
  writeFileSync(join(root, 'pnpm-workspace.yaml'), "packages:\n  - 'libs/*'\n  - 'apps/*'\n");
  for (const name of FLAGON) {
    mkdirSync(join(root, 'libs', name), { recursive: true });
    const manifest = { name: `@flagon/${name}`, version: '9.9.9-unreleased.0', type: 'module' };
    writeFileSync(join(root, 'libs', name, 'package.json'), JSON.stringify(manifest));
  }
  return root;
}

describe('a project created inside a pnpm workspace', { timeout: 120_000 }, () => {
  test("under a listed folder it depends on the workspace's @flagon packages, and pnpm resolves it", async () => {
    const root = flagonLikeWorkspace();
    mkdirSync(join(root, 'apps'));
    const made = await createFlagon(['site', '--template', 'package', '--no-install'], join(root, 'apps'));
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain('pnpm install');
    const manifest = JSON.parse(readFileSync(join(root, 'apps/site/package.json'), 'utf8'));
    for (const name of [
      '@flagon/config',
      '@flagon/core',
      '@flagon/forms',
      '@flagon/orm',
      '@flagon/templates',
    ]) {
      expect(manifest.dependencies[name]).toBe('workspace:^');
    }
    expect(manifest.devDependencies['@flagon/cli']).toBe('workspace:^');
    // A plain resolution, as `pnpm install` does it: the @flagon packages link, no registry 404.
    const resolved = await run('pnpm', ['install', '--lockfile-only', '--ignore-scripts'], {
      cwd: join(root, 'apps/site'),
      timeout: 110_000,
    });
    expect(resolved.code, resolved.stdout + resolved.stderr).toBe(0);
    const lockfile = readFileSync(join(root, 'pnpm-lock.yaml'), 'utf8');
    expect(lockfile).toContain('link:../../libs/core');
    expect(lockfile).toContain('link:../../libs/cli');
  });

  test('under a folder the workspace does not list it says what to add, and installs nothing', async () => {
    const root = flagonLikeWorkspace();
    mkdirSync(join(root, 'examples'));
    const made = await createFlagon(['demo'], join(root, 'examples'));
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain(
      `Note: demo is inside the pnpm workspace at ${root}, whose pnpm-workspace.yaml does not list it, so pnpm install would skip it. Add 'examples/*' to its packages:, then run pnpm install in ${root}.`,
    );
    expect(made.stdout).not.toContain('Installing dependencies');
    expect(made.stdout).toContain('  pnpm install');
  });
});
