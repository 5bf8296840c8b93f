import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConfigIssue } from './config-error.js';
import type { ConfigSource } from './config-source.js';
import type { ConfigContext } from './define-config.js';
import { DotenvSyntaxError, parseDotenv } from './internal/dotenv.js';
import { decodeEnvValue, normalizePrefix, splitEnvName } from './internal/env-vars.js';
import { jsonErrorLocation } from './internal/json-location.js';
import type { SourceLeaf } from './internal/merge.js';
import { isPlainObject, leavesOf } from './internal/object-path.js';

/** Config file extensions, in the order they are looked for. At most one may exist per name. */
export const CONFIG_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.json'] as const;

/** What the file loader reads, and where. */
export interface FileLoaderOptions {
  readonly context: ConfigContext;
  /** The env prefix, stripped from `.env` names that carry it. */
  readonly envPrefix: string | undefined;
}

/** The leaves of every config file found, in precedence order, and the problems met on the way. */
export interface LoadedFiles {
  readonly leaves: SourceLeaf[];
  readonly files: string[];
  readonly issues: ConfigIssue[];
}

let generation = 0;

/**
 * Reads the project's config files in precedence order: `config.*` and `config.<mode>.*` at the
 * root, then `config.*`, `config.<mode>.*`, `.env` and `.env.<mode>` in the instance folder. A
 * missing folder or file is skipped silently; a file that does not parse or load becomes an issue
 * naming the file (and line, where the parser gives one).
 */
export async function loadConfigFiles(options: FileLoaderOptions): Promise<LoadedFiles> {
  const { root, instancePath, mode } = options.context;
  const out: LoadedFiles = { leaves: [], files: [], issues: [] };
  const names = mode === undefined ? ['config'] : ['config', `config.${mode}`];
  // When the instance folder is the root itself, the root's `.env` is the instance `.env`.
  const folders: Array<[string, boolean]> = [[root, instancePath === root]];
  if (instancePath !== root) folders.push([instancePath, true]);
  for (const [folder, isInstance] of folders) {
    const entries = await listFolder(folder, out.issues);
    for (const name of names) {
      const candidates = CONFIG_EXTENSIONS.map((ext) => name + ext).filter((file) => entries.has(file));
      if (candidates.length > 1) {
        out.issues.push(
          fileIssue(
            root,
            join(folder, candidates[0] ?? ''),
            `found ${candidates.join(' and ')}; keep one of them.`,
          ),
        );
        continue;
      }
      const found = candidates[0];
      if (found !== undefined) await loadObjectFile(join(folder, found), options.context, out);
    }
    if (!isInstance) continue;
    for (const name of mode === undefined ? ['.env'] : ['.env', `.env.${mode}`]) {
      if (entries.has(name)) await loadDotenvFile(join(folder, name), options, out);
    }
  }
  return out;
}

async function listFolder(folder: string, issues: ConfigIssue[]): Promise<Set<string>> {
  try {
    return new Set(await readdir(folder));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
      issues.push({
        code: 'parse',
        key: '',
        source: undefined,
        file: folder,
        message: `cannot read folder ${folder}: ${messageOf(error)}`,
      });
    }
    return new Set();
  }
}

async function loadObjectFile(file: string, context: ConfigContext, out: LoadedFiles): Promise<void> {
  const { root } = context;
  let value: unknown;
  if (file.endsWith('.json')) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      out.issues.push(fileIssue(root, file, `cannot read the file: ${messageOf(error)}`));
      return;
    }
    try {
      value = JSON.parse(text);
    } catch (error) {
      const message = messageOf(error);
      const short = message.replace(/\s+in JSON at position \d+(?: \(line \d+ column \d+\))?/, '');
      out.issues.push(
        fileIssue(root, file, `invalid JSON: ${short}.`, jsonErrorLocation(message, text), error),
      );
      return;
    }
  } else {
    try {
      value = await importConfigModule(file, context);
    } catch (error) {
      const message = `the module failed to load: ${messageOf(error)}`;
      out.issues.push(fileIssue(root, file, message, stackLocation(error, file), error));
      return;
    }
  }
  if (!isPlainObject(value)) {
    const what = file.endsWith('.json')
      ? 'a JSON object'
      : 'a default export (or `config` export) that is an object or a function returning one';
    out.issues.push(
      fileIssue(root, file, `expected ${what}, found ${value === null ? 'null' : typeof value}.`),
    );
    return;
  }
  const source: ConfigSource = { kind: 'file', file, label: labelFor(root, file) };
  out.files.push(file);
  for (const [path, item] of leavesOf(value)) out.leaves.push({ path, value: item, source, checked: true });
}

async function importConfigModule(file: string, context: ConfigContext): Promise<unknown> {
  generation++;
  const url = `${pathToFileURL(file).href}?flagon-config=${Date.now()}-${generation}`;
  const mod = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
  const exported = mod.default ?? mod.config;
  return typeof exported === 'function'
    ? await (exported as (context: ConfigContext) => unknown)(context)
    : exported;
}

async function loadDotenvFile(file: string, options: FileLoaderOptions, out: LoadedFiles): Promise<void> {
  const { root } = options.context;
  let entries: ReturnType<typeof parseDotenv>;
  try {
    entries = parseDotenv(await readFile(file, 'utf8'));
  } catch (error) {
    const line = error instanceof DotenvSyntaxError ? { line: error.line } : {};
    out.issues.push(fileIssue(root, file, messageOf(error), line, error));
    return;
  }
  out.files.push(file);
  const prefix = options.envPrefix === undefined ? undefined : normalizePrefix(options.envPrefix);
  for (const entry of entries) {
    const name =
      prefix !== undefined && entry.name.startsWith(prefix) ? entry.name.slice(prefix.length) : entry.name;
    const source: ConfigSource = {
      kind: 'file',
      file,
      line: entry.line,
      name: entry.name,
      label: `${labelFor(root, file)}:${entry.line}`,
    };
    const path = splitEnvName(name);
    if (path === undefined) {
      out.issues.push({
        ...fileIssue(root, file, `"${entry.name}" has an empty segment around "__".`, { line: entry.line }),
        source,
      });
      continue;
    }
    out.leaves.push({ path, value: decodeEnvValue(entry.value), raw: entry.value, source, checked: true });
  }
}

/** A file's label for messages: relative to the project root when inside it. */
export function labelFor(root: string, file: string): string {
  const rel = relative(root, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

function fileIssue(
  root: string,
  file: string,
  message: string,
  location: { line?: number | undefined; column?: number | undefined } = {},
  cause?: unknown,
): ConfigIssue {
  const where =
    location.line === undefined
      ? ''
      : `:${location.line}${location.column === undefined ? '' : `:${location.column}`}`;
  return {
    code: 'parse',
    key: '',
    source: { kind: 'file', file, label: `${labelFor(root, file)}${where}` },
    file,
    message,
    ...(location.line === undefined ? {} : { line: location.line }),
    ...(location.column === undefined ? {} : { column: location.column }),
    ...(cause === undefined ? {} : { cause }),
  };
}

function stackLocation(error: unknown, file: string): { line?: number; column?: number } {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}(?:\\?[^:\\s]*)?:(\\d+)(?::(\\d+))?`).exec(stack);
  if (!match) return {};
  return { line: Number(match[1]), ...(match[2] === undefined ? {} : { column: Number(match[2]) }) };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
