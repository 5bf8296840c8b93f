import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

/** Files to write, by path relative to the project root. */
export type Files = Record<string, string>;

/**
 * Registers cleanup and returns a function that creates a project in a fresh temporary
 * directory with the given files.
 */
export function tempProjects(): (files?: Files) => Promise<string> {
  const created: string[] = [];
  afterEach(async () => {
    await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async (files = {}) => {
    const root = await mkdtemp(join(tmpdir(), 'flagon-config-'));
    created.push(root);
    await writeFiles(root, files);
    return root;
  };
}

/** Writes files under `root`, creating folders as needed. */
export async function writeFiles(root: string, files: Files): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    const file = join(root, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  }
}

/** The error a promise rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
