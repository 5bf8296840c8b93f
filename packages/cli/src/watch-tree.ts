import { existsSync, type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import { join } from 'node:path';

/** Folders never watched. */
export const IGNORED_FOLDERS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  'dist',
  '.turbo',
  'coverage',
  '.cache',
]);

/** Files whose change restarts the app: sources, templates, config and `.env` files. */
export const WATCHED_FILES = /(?:\.(?:[cm]?[jt]s|json|eta|html?|env)$)|(?:^\.env(?:\.[\w-]+)?$)/;

/** A running {@link watchTree}. */
export interface TreeWatcher {
  close(): void;
}

/**
 * Watches every folder under `root` (but {@link IGNORED_FOLDERS}) and calls `onChange` with the
 * path of each changed file that matches {@link WATCHED_FILES}. New folders are watched as they
 * appear. One `fs.watch` per folder, so a big `node_modules` costs nothing.
 */
export function watchTree(root: string, onChange: (file: string) => void): TreeWatcher {
  const watchers = new Map<string, FSWatcher>();
  const add = (dir: string): void => {
    if (watchers.has(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, (_event, name) => {
        if (!name) return;
        const file = join(dir, name.toString());
        if (WATCHED_FILES.test(name.toString())) onChange(file);
        else if (!IGNORED_FOLDERS.has(name.toString()) && isDirectory(file)) add(file);
      });
    } catch {
      return;
    }
    watcher.on('error', () => {
      watcher.close();
      watchers.delete(dir);
    });
    watchers.set(dir, watcher);
    for (const entry of safeReaddir(dir)) {
      if (entry.isDirectory() && !IGNORED_FOLDERS.has(entry.name)) add(join(dir, entry.name));
    }
  };
  add(root);
  return {
    close() {
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

function isDirectory(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function safeReaddir(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
