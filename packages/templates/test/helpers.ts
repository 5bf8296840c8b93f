import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Logger } from '@flagon/core';
import { afterEach } from 'vitest';

const made: string[] = [];

afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A temp folder with the given files (relative path → content), removed after the test. */
export async function folderWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'flagon-templates-'));
  made.push(dir);
  await writeFiles(dir, files);
  return dir;
}

/** Writes files (relative path → content) under a folder. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const file = join(dir, name);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

/** A logger that keeps errors for assertions and prints nothing. */
export function quietLogger(): Logger & { errors: unknown[][] } {
  const errors: unknown[][] = [];
  return { debug() {}, info() {}, warn() {}, error: (...args: unknown[]) => errors.push(args), errors };
}

/** The error `fn` throws (fails the test when it throws none). */
export function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
