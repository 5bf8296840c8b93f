import type { DescribedKey } from '@flagon/config';
import type { Flagon } from '@flagon/core';
import { CliError } from '../cli-error.ts';
import { discoverApp, type LoadedApp } from '../discover.ts';
import { parseCommandArgs } from '../internal/parse.ts';
import { textTable } from '../internal/text-table.ts';
import type { BuiltinCommand } from '../io.ts';

/** One row of `flagon config`. */
export interface ConfigRow {
  readonly key: string;
  readonly value: unknown;
  readonly source: string;
}

/** The config returned by `loadConfig` behind an app: `app.config` itself, else the module's `config` export. */
export async function loadedConfigOf(loaded: Pick<LoadedApp, 'app' | 'module'>): Promise<object | undefined> {
  const { describe } = await import('@flagon/config');
  const app = loaded.app as { configSource?: unknown; config?: unknown };
  for (const candidate of [app.configSource, app.config, loaded.module.config]) {
    if (candidate && typeof candidate === 'object') {
      try {
        describe(candidate);
        return candidate;
      } catch {
        // not from loadConfig
      }
    }
  }
  return undefined;
}

/**
 * Every key of the app's effective config with its redacted value and source. Keys that
 * `loadConfig` set carry its source (`config.ts`, `instance/config.ts`, `env FLASKR_…`,
 * `overrides`); the core's untouched defaults say `core defaults`; anything else says `app`.
 */
export async function configRows(loaded: Pick<LoadedApp, 'app' | 'module'>): Promise<ConfigRow[]> {
  const { describe, redactValue } = await import('@flagon/config');
  const { DEFAULT_CONFIG } = await import('@flagon/core');
  const app = loaded.app as Flagon;
  const loadedConfig = await loadedConfigOf(loaded);
  const described = new Map<string, DescribedKey>();
  if (loadedConfig) for (const entry of describe(loadedConfig)) described.set(entry.key, entry);
  const rows: ConfigRow[] = [];
  const appConfig = app.config as unknown as Record<string, unknown>;
  for (const key of Object.keys(appConfig).sort()) {
    const entry = described.get(key);
    const value = appConfig[key];
    if (entry && JSON.stringify(entry.value) === JSON.stringify(redactValue(key, value))) {
      rows.push({ key, value: entry.value, source: entry.source.label });
      continue;
    }
    const nested = [...described.values()].filter((e) => e.key.startsWith(`${key}.`));
    if (nested.length > 0) {
      for (const e of nested) rows.push({ key: e.key, value: e.value, source: e.source.label });
      continue;
    }
    const isDefault =
      key in DEFAULT_CONFIG &&
      JSON.stringify((DEFAULT_CONFIG as unknown as Record<string, unknown>)[key]) === JSON.stringify(value);
    rows.push({ key, value: redactValue(key, value), source: isDefault ? 'core defaults' : 'app' });
  }
  return rows;
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '(not set)';
  return JSON.stringify(value);
}

export const configCommand: BuiltinCommand = {
  name: 'config',
  summary: 'Show the effective config, secrets redacted, with where each value came from.',
  help: `Usage: flagon config [--explain KEY]

Show every config key with its value (secrets redacted) and the source that set it.

Options:
  --explain KEY   every source that set KEY, lowest precedence first (the last one wins)

Sources come from @flagon/config when the app's config was made by loadConfig(): either
app.config itself, or an export named "config" of the app's module (a "let config" that
createApp() assigns works). Otherwise keys show "core defaults" or "app".`,
  async run({ argv, globals, io, cwd, env }) {
    const { values } = parseCommandArgs('config', argv, { explain: { type: 'string' } });
    const loaded = await discoverApp({ app: globals.app, cwd, env });
    if (values.explain !== undefined) {
      const key = values.explain;
      const loadedConfig = await loadedConfigOf(loaded);
      const row = (await configRows(loaded)).find((r) => r.key === key);
      if (loadedConfig && (!row || (row.source !== 'app' && row.source !== 'core defaults'))) {
        const { explain } = await import('@flagon/config');
        const entries = explain(loadedConfig as Record<string, unknown>, key as never);
        io.out(
          textTable(
            ['Key', 'Value', 'Source'],
            entries.map((e) => [e.key, show(e.value), e.source.label]),
          ),
        );
        const winner = entries.at(-1);
        io.out(`${key} = ${show(winner?.value)} (from ${winner?.source.label})`);
        return 0;
      }
      if (!row) throw new CliError('usage', `flagon config: no key "${key}" in the app's config.`);
      io.out(`${key} = ${show(row.value)} (from ${row.source})`);
      return 0;
    }
    const rows = await configRows(loaded);
    io.out(
      textTable(
        ['Key', 'Value', 'Source'],
        rows.map((r) => [r.key, show(r.value), r.source]),
      ),
    );
    return 0;
  },
};
