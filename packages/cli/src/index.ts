// The command line

export type { CliErrorCode } from './cli-error.ts';
export { CliError } from './cli-error.ts';
export { BUILTIN_COMMANDS, main, reportError } from './main.ts';

// Finding the app

export type { DiscoverOptions, LoadedApp } from './discover.ts';
export { APP_EXPORTS, APP_FILES, discoverApp, isFlagonApp, parseAppSpec } from './discover.ts';

// What the commands print

export type { ConfigRow } from './commands/config-command.ts';
export { configRows } from './commands/config-command.ts';
export type { FormatRoutesOptions, RouteSort } from './commands/routes.ts';
export { formatRoutes, ROUTE_SORTS } from './commands/routes.ts';
export type { BuiltinCommand, CommandContext, GlobalOptions, Io } from './io.ts';
