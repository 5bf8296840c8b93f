import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoadedApp } from './discover.ts';

/** True for an @flagon/orm table, by duck typing: a name, columns and a primary key. */
export function isTable(value: unknown): value is { name: string; columns: object } {
  if (!value || typeof value !== 'object') return false;
  const table = value as Record<string, unknown>;
  return typeof table.name === 'string' && !!table.columns && Array.isArray(table.primaryKey);
}

/** True for an @flagon/orm database, by duck typing. */
export function isDatabase(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const db = value as Record<string, unknown>;
  return (
    typeof db.transaction === 'function' &&
    (typeof db.destroy === 'function' || typeof db.close === 'function')
  );
}

/**
 * The app's database: the module's `db` export, then `app.db`, then the `db` of an extension
 * named `orm` or `db`, then a `db` export of a `db.ts` or `models.ts` beside the app's module.
 */
export async function findDatabase(loaded: LoadedApp): Promise<unknown> {
  const app = loaded.app as unknown as Record<string, unknown>;
  const candidates: unknown[] = [loaded.module.db, app.db];
  for (const name of ['orm', 'db']) {
    const extension = loaded.app.extensions.get(name) as unknown as Record<string, unknown> | undefined;
    candidates.push(extension?.db, extension);
  }
  for (const module of await siblingModules(loaded)) candidates.push(module.db);
  return candidates.find(isDatabase);
}

/** Every table exported by the app's module or by a `models.ts` / `db.ts` beside it, by name. */
export async function findTables(loaded: LoadedApp): Promise<Record<string, unknown>> {
  const tables: Record<string, unknown> = {};
  for (const module of [loaded.module, ...(await siblingModules(loaded))]) {
    for (const [name, value] of Object.entries(module)) if (isTable(value)) tables[name] ??= value;
  }
  return tables;
}

async function siblingModules(loaded: LoadedApp): Promise<Record<string, unknown>[]> {
  const modules: Record<string, unknown>[] = [];
  for (const name of ['models.ts', 'models.js', 'db.ts', 'db.js']) {
    const file = resolve(dirname(loaded.file), name);
    if (file !== loaded.file && existsSync(file)) {
      modules.push((await import(pathToFileURL(file).href)) as Record<string, unknown>);
    }
  }
  return modules;
}

/** Closes a database found by {@link findDatabase}, if it can be closed. */
export async function closeDatabase(db: unknown): Promise<void> {
  const handle = db as { destroy?: () => Promise<void>; close?: () => Promise<void> } | undefined;
  if (typeof handle?.destroy === 'function') await handle.destroy();
  else if (typeof handle?.close === 'function') await handle.close();
}
