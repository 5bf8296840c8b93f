import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** A pnpm workspace (a folder with `pnpm-workspace.yaml`) that a new project is written into. */
export interface PnpmWorkspace {
  /** The folder holding `pnpm-workspace.yaml`. */
  root: string;
  /** The workspace's packages: name → absolute folder, as `pnpm ls -r` lists them. */
  packages: ReadonlyMap<string, string>;
}

/**
 * The nearest folder at or above `directory` (which need not exist yet) that holds a
 * `pnpm-workspace.yaml`, or `undefined`.
 */
export function findWorkspaceRoot(directory: string): string | undefined {
  let folder = resolve(directory);
  for (;;) {
    if (existsSync(join(folder, 'pnpm-workspace.yaml'))) return folder;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/**
 * The packages of the pnpm workspace at `root`, read by pnpm itself (`pnpm ls -r --depth -1`),
 * so its `packages:` globs are matched exactly as `pnpm install` matches them.
 *
 * @throws {Error} when pnpm cannot be run there, with what it printed.
 */
export function readWorkspace(root: string): PnpmWorkspace {
  const result = spawnSync('pnpm', ['ls', '-r', '--depth', '-1', '--json'], {
    cwd: root,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    const why = result.error?.message ?? result.stderr.trim() ?? `exit ${result.status}`;
    throw new Error(`could not list the packages of the pnpm workspace at ${root} (pnpm ls -r): ${why}`);
  }
  const listed = JSON.parse(result.stdout) as { name?: string; path: string }[];
  const packages = new Map<string, string>();
  for (const entry of listed) packages.set(entry.name ?? entry.path, resolve(entry.path));
  return { root, packages };
}

/**
 * The ranges of the `@flagon/*` packages that the workspace itself holds (`workspace:^`), so that
 * a project created inside the Flagon repository links them with a plain `pnpm install` instead
 * of asking the registry for versions it may not have yet.
 */
export function workspaceRanges(workspace: PnpmWorkspace): Record<string, string> {
  const ranges: Record<string, string> = {};
  for (const name of workspace.packages.keys()) {
    if (name.startsWith('@flagon/')) ranges[name] = 'workspace:^';
  }
  return ranges;
}

/** Whether `directory` is one of the workspace's packages (matched by its `packages:` globs). */
export function isWorkspacePackage(workspace: PnpmWorkspace, directory: string): boolean {
  const folder = resolve(directory);
  return [...workspace.packages.values()].includes(folder);
}
