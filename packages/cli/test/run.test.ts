import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { copyFixture, eventually, removeCopies, startFlagon } from './helpers.ts';

async function text(url: string): Promise<string> {
  return (await fetch(url)).text();
}

describe('flagon run', { timeout: 30_000 }, () => {
  afterAll(removeCopies);
  test('serves the app on a free port and stops on SIGTERM with exit 0', async () => {
    const dir = copyFixture('blog');
    const server = await startFlagon(['run', '--port', '0'], { cwd: dir });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await text(`${server.url}/`)).toBe('<h1>Hello from the blog</h1>');
    expect(server.output()).toContain('* Debug mode: off');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  test('--debug turns debug on and restarts when a source file changes', async () => {
    const dir = copyFixture('blog');
    const server = await startFlagon(['run', '--debug', '--port', '0'], { cwd: dir });
    try {
      expect(await text(`${server.url}/`)).toBe('<h1>Hello from the blog</h1>');
      expect(server.output()).toContain('* Debug mode: on');
      const file = join(dir, 'app.ts');
      writeFileSync(file, readFileSync(file, 'utf8').replace('Hello from the blog', 'Changed on disk'));
      await eventually(async () => (await text(`${server.url}/`)) === '<h1>Changed on disk</h1>', 5000);
      expect(server.output()).toContain("* Detected change in 'app.ts', reloading");
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
  });

  test('--debug survives a broken file: the watcher waits for the fix, then serves again', async () => {
    const dir = copyFixture('blog');
    const server = await startFlagon(['run', '--debug', '--port', '0'], { cwd: dir });
    const file = join(dir, 'app.ts');
    const good = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, `${good}\nthrow new Error('half-saved file');\n`);
      await eventually(
        async () => server.output().includes('fix the error and save a file to restart'),
        8000,
      );
      expect(server.output()).toContain('half-saved file');
      writeFileSync(file, good.replace('Hello from the blog', 'Fixed'));
      await eventually(async () => (await text(`${server.url}/`)) === '<h1>Fixed</h1>', 8000);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
  });

  test('a factory receives { DEBUG: true } with --debug', async () => {
    const dir = copyFixture('shop');
    const server = await startFlagon(['run', '--debug', '--no-reload', '--port', '0'], { cwd: dir });
    expect(await (await fetch(`${server.url}/debug`)).json()).toEqual({ debug: true });
    expect(await text(`${server.url}/`)).toBe('Welcome to The Shop');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  test('a bad port is a usage error', async () => {
    const dir = copyFixture('blog');
    await expect(startFlagon(['run', '--port', 'http'], { cwd: dir })).rejects.toThrow(
      /exited with 2[\s\S]*--port must be a number from 0 to 65535, not "http"/,
    );
  });
});
