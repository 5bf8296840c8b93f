import { readFileSync } from 'node:fs';
import type { Command } from '@flagon/core';
import { closeMatches } from '@flagon/internal';
import { CliError } from './cli-error.ts';
import { appCommandList, runAppCommand } from './commands/app-command.ts';
import { configCommand } from './commands/config-command.ts';
import { dbCommand } from './commands/db-command.ts';
import { routesCommand } from './commands/routes-command.ts';
import { runCommand } from './commands/run-command.ts';
import { serveCommand } from './commands/serve-command.ts';
import { shellCommand } from './commands/shell-command.ts';
import { templatesCommand } from './commands/templates-command.ts';
import { discoverApp, type LoadedApp } from './discover.ts';
import { truthy } from './internal/parse.ts';
import { type BuiltinCommand, type GlobalOptions, type Io, processIo } from './io.ts';

/** The commands `flagon` itself provides. */
export const BUILTIN_COMMANDS: readonly BuiltinCommand[] = Object.freeze(
  [configCommand, dbCommand, routesCommand, runCommand, serveCommand, shellCommand, templatesCommand].sort(
    (a, b) => a.name.localeCompare(b.name),
  ),
);

const GLOBAL_HELP = `Usage: flagon [--app PATH[:EXPORT]] [--verbose] COMMAND [ARGS]...

A command line for Flagon apps: serve them, inspect them, manage their database.

The app is found from --app, else the FLAGON_APP variable, else app.ts or app.js in the
current folder, else src/*/index.ts; a module's app is its createApp() factory, or its
"app" or default export.

Options:
  --app PATH[:EXPORT]  the module of the app, and optionally the export to use
  --verbose            show stack traces with errors
  --version            show the version
  -h, --help           show this message; "flagon COMMAND --help" shows a command's`;

/** Removes `--app`, `--verbose`, and (before the command) `--help`/`--version` from argv. */
export function splitGlobals(argv: readonly string[]): {
  globals: GlobalOptions;
  command: string | undefined;
  rest: string[];
  help: boolean;
  version: boolean;
} {
  const globals: GlobalOptions = { app: undefined, verbose: false };
  let command: string | undefined;
  let help = false;
  let version = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--app') {
      const value = argv[++i];
      if (value === undefined) throw new CliError('usage', '--app needs a value: --app path[:export].');
      globals.app = value;
    } else if (arg.startsWith('--app=')) globals.app = arg.slice('--app='.length);
    else if (arg === '--verbose') globals.verbose = true;
    else if (command === undefined && (arg === '--help' || arg === '-h')) help = true;
    else if (command === undefined && arg === '--version') version = true;
    else if (command === undefined && arg.startsWith('-')) {
      throw new CliError('usage', `Unknown option ${arg} before the command. See flagon --help.`);
    } else if (command === undefined) command = arg;
    else rest.push(arg);
  }
  return { globals, command, rest, help, version };
}

function version(): string {
  const file = new URL('../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

async function tryDiscover(globals: GlobalOptions, cwd: string, env: NodeJS.ProcessEnv) {
  try {
    return { loaded: await discoverApp({ app: globals.app, cwd, env }), error: undefined };
  } catch (error) {
    return { loaded: undefined, error };
  }
}

function helpText(loaded: LoadedApp | undefined, error: unknown): string {
  const width = Math.max(...BUILTIN_COMMANDS.map((c) => c.name.length)) + 2;
  const lines = [GLOBAL_HELP, '', 'Commands:'];
  for (const c of BUILTIN_COMMANDS) lines.push(`  ${c.name.padEnd(width)}${c.summary}`);
  const appCommands = loaded?.app.cli.list() ?? [];
  if (appCommands.length) lines.push('', `Commands of the app:`, appCommandList(appCommands));
  if (!loaded && error instanceof CliError && error.code === 'discovery') {
    lines.push('', 'No app was found here, so its own commands are not listed.');
  } else if (!loaded && error) {
    lines.push('', `The app could not be loaded: ${(error as Error).message ?? String(error)}`);
  }
  return lines.join('\n');
}

/**
 * Runs the `flagon` command line. Resolves to an exit code, or to `'serving'` when a server
 * or a REPL keeps running.
 *
 * @example
 * ```ts
 * const code = await main(['routes', '--sort', 'rule']);
 * ```
 */
export async function main(
  argv: readonly string[],
  options: { io?: Io; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<number | 'serving'> {
  const io = options.io ?? processIo;
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  let verbose = truthy(env.FLAGON_DEBUG) || argv.includes('--verbose') || argv.includes('--debug');
  try {
    const { globals, command, rest, help, version: wantsVersion } = splitGlobals(argv);
    verbose ||= globals.verbose;
    if (wantsVersion) {
      io.out(version());
      return 0;
    }
    if (help || command === undefined || command === 'help') {
      const { loaded, error } = await tryDiscover(globals, cwd, env);
      io.out(helpText(loaded, error));
      return command === undefined && !help ? 2 : 0;
    }
    const builtin = BUILTIN_COMMANDS.find((c) => c.name === command);
    if (builtin) {
      if (rest.includes('--help') || rest.includes('-h')) {
        io.out(builtin.help);
        return 0;
      }
      return await builtin.run({ argv: rest, globals, io, env, cwd });
    }
    const { loaded, error } = await tryDiscover(globals, cwd, env);
    const appCommand: Command | undefined = loaded?.app.cli.get(command);
    if (appCommand) return await runAppCommand(appCommand, rest, io);
    const known = [
      ...BUILTIN_COMMANDS.map((c) => c.name),
      ...(loaded?.app.cli.list().map((c) => c.name) ?? []),
    ];
    const matches = closeMatches(command, known);
    const lines = [`Unknown command "${command}".${matches.length ? ` Did you mean "${matches[0]}"?` : ''}`];
    lines.push(`Commands: ${known.sort().join(', ')}.`);
    if (!loaded && error)
      lines.push(`(The app's own commands are not listed: ${(error as Error).message.split('\n')[0]})`);
    throw new CliError('usage', lines.join('\n'));
  } catch (error) {
    reportError(error, io, verbose);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

/** Prints an error as one clear message; with `verbose`, its stack and causes too. */
export function reportError(error: unknown, io: Io, verbose: boolean): void {
  const message = error instanceof Error ? error.message : String(error);
  io.err(`Error: ${message}`);
  if (!verbose) {
    if (!(error instanceof CliError) || error.cause) io.err('(Run with --verbose to see the stack trace.)');
    return;
  }
  let current: unknown = error;
  while (current instanceof Error) {
    if (current.stack) io.err(current.stack);
    current = current.cause;
    if (current) io.err('Caused by:');
  }
}
