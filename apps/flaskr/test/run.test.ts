// run.ts, the development entry, serves with DEBUG as the configuration says: on by default
// (config.ts), off when instance/config.ts turns it off. It runs in a copy of the project so that
// each case has its own instance/ folder.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';

const APP = join(import.meta.dirname, '..');
const folders: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A copy of the project (run.ts, config.ts, src/) with this instance/config.ts, if any. */
function projectWith(instanceConfig?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'flaskr-run-'));
  folders.push(root);
  for (const name of ['run.ts', 'config.ts', 'package.json', 'src']) {
    cpSync(join(APP, name), join(root, name), { recursive: true });
  }
  symlinkSync(join(APP, 'node_modules'), join(root, 'node_modules'), 'dir');
  mkdirSync(join(root, 'instance'));
  if (instanceConfig !== undefined) writeFileSync(join(root, 'instance', 'config.ts'), instanceConfig);
  return root;
}

/** Starts `node run.ts`, requests /hello, stops it with SIGTERM; returns its output and exit code. */
async function serveOnce(root: string): Promise<{ output: string; hello: string; code: number | null }> {
  const env: Record<string, string | undefined> = { ...process.env, HOST: '127.0.0.1', PORT: '0' };
  for (const key of Object.keys(env)) {
    if (key.startsWith('FLASKR_') || key === 'DATABASE_URL' || key === 'NODE_ENV' || key === 'FLAGON_ENV') {
      delete env[key];
    }
  }
  const child = spawn(process.execPath, ['run.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    void exited.then(() => reject(new Error(`run.ts exited before serving:\n${output}`)));
  });
  const hello = await (await fetch(`${url}/hello`)).text();
  child.kill('SIGTERM');
  const code = await exited;
  return { output, hello, code };
}

describe('run.ts', () => {
  test('serves in debug mode by default (config.ts), logging each request', async () => {
    const run = await serveOnce(projectWith());
    expect(run.hello).toBe('Hello, World!');
    expect(run.output).toMatch(/^GET \/hello 200 /m);
    expect(run.code).toBe(0);
  });

  test('DEBUG: false in instance/config.ts is obeyed', async () => {
    const key = randomBytes(32).toString('hex');
    const run = await serveOnce(projectWith(`export default { SECRET_KEY: '${key}', DEBUG: false };\n`));
    expect(run.hello).toBe('Hello, World!');
    expect(run.output).not.toMatch(/GET \/hello/);
    expect(run.code).toBe(0);
  });

  test('the example instance config works as it is copied', async () => {
    const example = readFileSync(join(APP, 'instance', 'config.example.ts'), 'utf8');
    const run = await serveOnce(projectWith(example));
    expect(run.hello).toBe('Hello, World!');
    expect(run.output).toMatch(/^GET \/hello 200 /m);
    expect(run.code).toBe(0);
  });
});
