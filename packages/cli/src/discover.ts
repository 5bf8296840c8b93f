import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Flagon } from '@flagon/core';
import { CliError } from './cli-error.ts';

/** The export names tried, in order, when `--app` names none. */
export const APP_EXPORTS: readonly string[] = Object.freeze(['createApp', 'app', 'default']);

/** The files tried, in order, when neither `--app` nor `FLAGON_APP` is set. */
export const APP_FILES: readonly string[] = Object.freeze(['app.ts', 'app.js']);

/** Options of {@link discoverApp}. */
export interface DiscoverOptions {
  /** Where to look. Default `process.cwd()`. */
  cwd?: string;
  /** `path[:export]` from `--app`; else `env.FLAGON_APP`; else the usual files. */
  app?: string | undefined;
  /** Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Passed to a factory (`createApp(overrides)`); for an app instance, assigned onto `app.config`. */
  overrides?: Record<string, unknown> | undefined;
}

/** An app found and loaded by {@link discoverApp}. */
export interface LoadedApp {
  readonly app: Flagon;
  /** The module's exports (live bindings: a `let config` set by the factory is visible). */
  readonly module: Readonly<Record<string, unknown>>;
  /** The absolute path of the module. */
  readonly file: string;
  /** The export it came from, e.g. `createApp`. */
  readonly exportName: string;
  /** How the file was chosen: `--app`, `FLAGON_APP` or a default file. */
  readonly via: string;
}

/** True for a Flagon app, by duck typing: `fetch`, `routes()` and a `cli` registry. */
export function isFlagonApp(value: unknown): value is Flagon {
  if (!value || typeof value !== 'object') return false;
  const app = value as Record<string, unknown>;
  const cli = app.cli as { list?: unknown } | undefined;
  return (
    typeof app.fetch === 'function' && typeof app.routes === 'function' && typeof cli?.list === 'function'
  );
}

/** Splits `path:export` (an identifier after the last colon, so `C:\x` stays whole). */
export function parseAppSpec(spec: string): { path: string; exportName: string | undefined } {
  const match = /^(.+):([A-Za-z_$][\w$]*)(?:\(\))?$/.exec(spec);
  return match ? { path: match[1] as string, exportName: match[2] } : { path: spec, exportName: undefined };
}

function resolveModulePath(cwd: string, path: string): string | undefined {
  const full = resolve(cwd, path);
  if (existsSync(full)) {
    if (!statSync(full).isDirectory()) return full;
    for (const index of ['index.ts', 'index.js']) {
      if (existsSync(resolve(full, index))) return resolve(full, index);
    }
    return undefined;
  }
  for (const extension of ['.ts', '.js']) if (existsSync(full + extension)) return full + extension;
  return undefined;
}

async function importModule(file: string, cwd: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError('failed', `Could not import ${relative(cwd, file) || file}: ${reason}`, {
      cause: error,
    });
  }
}

async function appFrom(
  module: Record<string, unknown>,
  name: string,
  overrides: Record<string, unknown> | undefined,
): Promise<Flagon | undefined> {
  let value = module[name];
  if (typeof value === 'function' && !isFlagonApp(value)) {
    value = await (value as (overrides?: Record<string, unknown>) => unknown)(overrides);
    if (!isFlagonApp(value)) {
      throw new CliError('discovery', `${name}() returned ${describeValue(value)}, not a Flagon app.`);
    }
    return value;
  }
  if (!isFlagonApp(value)) return undefined;
  if (overrides) {
    if (Object.isFrozen(value.config)) {
      throw new CliError(
        'failed',
        `Cannot set ${Object.keys(overrides).join(', ')}: the app already handled a request. Export createApp() instead.`,
      );
    }
    Object.assign(value.config, overrides);
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  return `a ${typeof value}`;
}

/**
 * Finds and loads the app the way `flask` does: `--app path[:export]`, else `FLAGON_APP`, else
 * `app.ts` / `app.js`, else `src/<name>/index.ts`. In a module it takes the named export, or
 * the first of `createApp` (a factory, sync or async, called with `overrides`), `app` and
 * `default` that holds a Flagon app. TypeScript files are imported as they are (Node strips types).
 *
 * @throws {CliError} `discovery` listing every file and export that was tried.
 * @example
 * ```ts
 * const { app, file } = await discoverApp({ app: 'src/flaskr/index.ts:createApp' });
 * ```
 */
export async function discoverApp(options: DiscoverOptions = {}): Promise<LoadedApp> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const spec = options.app ?? (env.FLAGON_APP || undefined);
  const via = options.app !== undefined ? '--app' : spec !== undefined ? 'FLAGON_APP' : 'default';
  const tried: string[] = [];
  const candidates: { path: string; exportName: string | undefined }[] = [];
  if (spec !== undefined) {
    const parsed = parseAppSpec(spec);
    const file = resolveModulePath(cwd, parsed.path);
    if (!file) {
      throw new CliError(
        'discovery',
        `Could not find the app: ${via} ${JSON.stringify(spec)} names no file (tried ${parsed.path}, ${parsed.path}.ts, ${parsed.path}.js, ${parsed.path}/index.ts).`,
      );
    }
    candidates.push({ path: file, exportName: parsed.exportName });
  } else {
    for (const name of APP_FILES) {
      const file = resolve(cwd, name);
      if (existsSync(file)) candidates.push({ path: file, exportName: undefined });
      else tried.push(`${name}: no such file`);
    }
    const src = resolve(cwd, 'src');
    const packages = existsSync(src)
      ? readdirSync(src, { withFileTypes: true }).filter((d) => d.isDirectory())
      : [];
    for (const dir of packages) {
      const file = resolveModulePath(cwd, `src/${dir.name}/index.ts`);
      if (file) candidates.push({ path: file, exportName: undefined });
    }
    if (packages.length === 0 || !candidates.some((c) => c.path.startsWith(src))) {
      tried.push('src/*/index.ts: no such file');
    }
  }
  for (const candidate of candidates) {
    const module = await importModule(candidate.path, cwd);
    const names = candidate.exportName ? [candidate.exportName] : APP_EXPORTS;
    for (const name of names) {
      const app = await appFrom(module, name, options.overrides);
      if (app) return { app, module, file: candidate.path, exportName: name, via };
    }
    const exported = Object.keys(module);
    tried.push(
      `${relative(cwd, candidate.path)}: no Flagon app in ${names.map((n) => (n === 'createApp' ? 'createApp()' : n)).join(', ')}` +
        ` (it exports ${exported.length ? exported.join(', ') : 'nothing'})`,
    );
  }
  throw new CliError(
    'discovery',
    `Could not find a Flagon app in ${cwd}. Tried:\n${tried.map((t) => `  - ${t}`).join('\n')}\n` +
      'Pass --app path[:export] or set FLAGON_APP, e.g. flagon --app src/myapp/index.ts:createApp routes',
  );
}

/** The folder an app's project lives in: where `package.json` is, at or above the module. */
export function projectRoot(file: string, cwd: string = process.cwd()): string {
  let dir = dirname(file);
  for (;;) {
    if (existsSync(resolve(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return cwd;
    dir = parent;
  }
}
