import { spawnSync } from 'node:child_process';
import { basename, dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  findWorkspaceRoot,
  isWorkspacePackage,
  type PnpmWorkspace,
  readWorkspace,
  workspaceRanges,
} from './internal/workspace.ts';
import { packageNameProblem, unscopedName } from './package-name.ts';
import { type Prompter, terminalPrompter } from './prompt.ts';
import {
  checkScaffold,
  DATABASES,
  type DatabaseKind,
  LAYOUTS,
  type Layout,
  ScaffoldError,
  scaffold,
} from './scaffold.ts';

const HELP = `Usage: create-flagon [FOLDER] [--template single|package] [--name NAME]
                     [--db sqlite|postgres|mysql] [--no-install]

Create a Flagon project (pnpm create flagon my-app). Asks for what is missing when run in a
terminal; otherwise uses the defaults: the single-module layout on SQLite.

Options:
  -t, --template T   single: app.ts, config.ts, static/, templates/ (a small app)
                     package: src/NAME/ with views.ts, models.ts, forms.ts (a bigger app)
  -n, --name NAME    the npm package name (default: the folder's name)
  --db DB            sqlite (default), postgres or mysql
  --no-install       do not install dependencies
  -h, --help         show this message`;

/** Where create-flagon writes and how it asks. */
export interface MainOptions {
  cwd?: string;
  out?: (line: string) => void;
  err?: (line: string) => void;
  /** Asks for missing answers; default: a terminal prompter when stdin is a TTY. */
  prompter?: Prompter | undefined;
  /** The package manager that runs `install`; default from npm_config_user_agent, else npm. */
  packageManager?: string;
}

function detectPackageManager(): string {
  const agent = process.env.npm_config_user_agent ?? '';
  return /^(pnpm|yarn|bun|npm)\//.exec(agent)?.[1] ?? 'npm';
}

/**
 * Runs `create-flagon` and resolves to its exit code: 0 when the project was written, 1 when
 * it was refused (a bad name, a non-empty folder), 2 for bad usage.
 *
 * @example
 * ```ts
 * await main(['my-app', '--template', 'package', '--no-install']);
 * ```
 */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = options.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  const cwd = options.cwd ?? process.cwd();
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    err(`Error: ${(error as Error).message} See create-flagon --help.`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(HELP);
    return 0;
  }
  if (positionals.length > 1) {
    err(`Error: give one folder, not ${positionals.length} (${positionals.join(', ')}).`);
    return 2;
  }
  if (values.template !== undefined && !LAYOUTS.includes(values.template as Layout)) {
    err(`Error: Unknown template "${values.template}": use single or package.`);
    return 2;
  }
  if (values.db !== undefined && !DATABASES.includes(values.db as DatabaseKind)) {
    err(`Error: Unknown database "${values.db}": use sqlite, postgres or mysql.`);
    return 2;
  }
  const prompter =
    'prompter' in options ? options.prompter : process.stdin.isTTY ? terminalPrompter() : undefined;
  try {
    let folder = positionals[0] ?? (values.name ? unscopedName(values.name) : undefined);
    let nameFromFolder: string | undefined;
    // `create-flagon @acme/shop` names the package; the folder is `shop`.
    if (folder?.startsWith('@') && values.name === undefined && !packageNameProblem(folder)) {
      nameFromFolder = folder;
      folder = unscopedName(folder);
    }
    if (folder === undefined) {
      if (!prompter) {
        err('Error: give the project a folder: create-flagon my-app');
        return 2;
      }
      folder = await prompter.text('Project folder:', 'my-flagon-app');
    }
    const directory = resolve(cwd, folder);
    let name = values.name ?? nameFromFolder ?? basename(directory);
    let problem = packageNameProblem(name);
    while (problem && prompter && values.name === undefined) {
      err(`"${name}" cannot be the package name: ${problem}.`);
      name = await prompter.text('Package name:', name.toLowerCase().replace(/[^a-z0-9-._~]+/g, '-'));
      problem = packageNameProblem(name);
    }
    const layout =
      (values.template as Layout | undefined) ??
      (prompter
        ? await prompter.choose<Layout>('Which layout?', [
            { value: 'single', label: 'single module: app.ts, config.ts, static/, templates/' },
            { value: 'package', label: 'package: src/NAME/ with views, models and forms' },
          ])
        : 'single');
    const database =
      (values.db as DatabaseKind | undefined) ??
      (prompter
        ? await prompter.choose<DatabaseKind>('Which database?', [
            { value: 'sqlite', label: 'SQLite (a file, nothing to install)' },
            { value: 'postgres', label: 'PostgreSQL' },
            { value: 'mysql', label: 'MySQL / MariaDB' },
          ])
        : 'sqlite');
    prompter?.close();
    const shown = relative(cwd, directory) || '.';
    checkScaffold({ directory, name, layout, database });
    const workspace = enclosingWorkspace(directory, err);
    out(`Creating a Flagon app in ${directory} (${layout} layout, ${database}).`);
    const versions = workspace ? workspaceRanges(workspace) : {};
    scaffold({ directory, name, layout, database, versions, onFile: (file) => out(`  created ${file}`) });
    // Inside a pnpm workspace, pnpm installs the project, and only if the workspace lists it.
    const manager = workspace ? 'pnpm' : (options.packageManager ?? detectPackageManager());
    const unlisted = workspace !== undefined && !listsProject(workspace, directory, err);
    if (workspace && unlisted) {
      const glob = `${relative(workspace.root, dirname(directory)).split('\\').join('/') || '.'}/*`;
      out('');
      out(
        `Note: ${shown} is inside the pnpm workspace at ${workspace.root}, whose pnpm-workspace.yaml does not list it, so pnpm install would skip it. Add '${glob}' to its packages:, then run pnpm install in ${workspace.root}.`,
      );
    } else if (values.install) {
      out(`Installing dependencies with ${manager} install…`);
      const result = spawnSync(manager, ['install'], {
        cwd: directory,
        stdio: 'inherit',
        shell: process.platform === 'win32',
      });
      if (result.status !== 0) {
        err(
          `Error: ${manager} install failed (exit ${result.status ?? result.signal}). The project is written; run it again in ${shown}.`,
        );
        return 1;
      }
    }
    const run = manager === 'npm' ? 'npm run' : manager;
    out('');
    out('Done. Next:');
    if (shown !== '.') out(`  cd ${shown}`);
    if (!values.install || unlisted) out(`  ${manager} install`);
    if (database !== 'sqlite') out(`  edit instance/config.ts: DATABASE_URL (your ${database} server)`);
    out(`  ${run} migrate    # create the tables`);
    out(`  ${run} dev        # serve on http://127.0.0.1:5000, restarting on changes`);
    out(`  ${manager} test`);
    return 0;
  } catch (error) {
    prompter?.close();
    if (error instanceof ScaffoldError) {
      err(`Error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/** The pnpm workspace that `directory` would be written into, if any; a warning if pnpm fails. */
function enclosingWorkspace(directory: string, err: (line: string) => void): PnpmWorkspace | undefined {
  const root = findWorkspaceRoot(dirname(directory));
  if (root === undefined) return undefined;
  try {
    return readWorkspace(root);
  } catch (error) {
    err(`Warning: ${(error as Error).message}`);
    return undefined;
  }
}

/** Whether the workspace, read again now that the project exists, lists it as a package. */
function listsProject(workspace: PnpmWorkspace, directory: string, err: (line: string) => void): boolean {
  try {
    return isWorkspacePackage(readWorkspace(workspace.root), directory);
  } catch (error) {
    err(`Warning: ${(error as Error).message}`);
    return true;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    allowNegative: true,
    strict: true,
    options: {
      template: { type: 'string', short: 't' },
      name: { type: 'string', short: 'n' },
      db: { type: 'string' },
      install: { type: 'boolean', default: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
