import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The real `flagon` binary, run from source (Node strips the types). */
export const BIN = resolve(import.meta.dirname, '../src/bin.ts');
export const FIXTURES = resolve(import.meta.dirname, 'fixtures');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `flagon ...args` to completion. */
export function flagon(
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {},
): Promise<Result> {
  return new Promise((resolvePromise) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: options.cwd ?? join(FIXTURES, 'blog'),
        env: { ...process.env, ...options.env },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? 1 : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** A running `flagon run`: its URL, its output so far, and how it exited. */
export interface Server {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts `flagon ...args` and waits for the "Running on" line. */
export function startFlagon(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<Server> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL after 15 s:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = / \* Running on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ child, url: match[1] as string, output: () => output, exited });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then((code) => reject(new Error(`flagon exited with ${code} before serving:\n${output}`)));
  });
}

const copies: string[] = [];

/** Removes the folders {@link copyFixture} made: `afterAll(removeCopies)`. */
export function removeCopies(): void {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A copy of a fixture in a temporary folder, with the workspace's node_modules linked in. */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `flagon-cli-${name}-`));
  copies.push(dir);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  symlinkSync(resolve(import.meta.dirname, '../node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Polls `fn` until it returns true or `ms` pass. */
export async function eventually(fn: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await fn().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
