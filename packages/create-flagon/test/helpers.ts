import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The real `create-flagon` binary, run from source (Node strips the types). */
export const BIN = resolve(import.meta.dirname, '../src/bin.ts');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion and collects its output. */
export function run(
  file: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; timeout?: number },
): Promise<Result> {
  return new Promise((resolvePromise) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        timeout: options.timeout ?? 30_000,
        maxBuffer: 32 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? 1 : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}

/** Runs `create-flagon ...args` in `cwd`. */
export function createFlagon(args: string[], cwd: string): Promise<Result> {
  return run(process.execPath, [BIN, ...args], { cwd, env: { npm_config_user_agent: 'npm/10' } });
}

const folders: string[] = [];

/** A new empty folder outside the repository, removed by {@link removeTempFolders}. */
export function tempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), `create-flagon-${prefix}-`));
  folders.push(folder);
  return folder;
}

/** Removes the folders {@link tempFolder} made: `afterAll(removeTempFolders)`. */
export function removeTempFolders(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}
