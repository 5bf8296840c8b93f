import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ConfigError, type ConfigWatcher, watchConfig } from '../src/index.ts';
import { rejection, tempProjects, writeFiles } from './temp-project.ts';

const project = tempProjects();
const open: Array<ConfigWatcher<object>> = [];
afterEach(() => {
  for (const watcher of open.splice(0)) watcher.close();
});

/** Collects callbacks and lets a test wait for the next one. */
function recorder<T>() {
  const seen: T[] = [];
  let wake: (() => void) | undefined;
  return {
    seen,
    push(value: T) {
      seen.push(value);
      wake?.();
    },
    async next(count: number): Promise<T> {
      const deadline = Date.now() + 5000;
      while (seen.length < count) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for event ${count}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
      }
      return seen[count - 1] as T;
    },
  };
}

const defaults = { NAME: 'default', PORT: 5000 };

describe('watchConfig', () => {
  test('reloads when config.ts changes, and calls onChange with the new and previous config', async () => {
    const root = await project({ 'config.ts': 'export default { NAME: "first" };' });
    const changes = recorder<[string, string]>();
    const watcher = await watchConfig({
      root,
      defaults,
      env: {},
      debounceMs: 20,
      onChange: (config, previous) => changes.push([config.NAME, previous.NAME]),
    });
    open.push(watcher);
    expect(watcher.current.NAME).toBe('first');
    await writeFiles(root, { 'config.ts': 'export default { NAME: "second" };' });
    expect(await changes.next(1)).toEqual(['second', 'first']);
    expect(watcher.current.NAME).toBe('second');
  });

  test('reloads on instance files, including a newly created instance folder and .env', async () => {
    const root = await project();
    const changes = recorder<string>();
    const watcher = await watchConfig({
      root,
      defaults,
      env: {},
      debounceMs: 20,
      onChange: (c) => changes.push(c.NAME),
    });
    open.push(watcher);
    await mkdir(join(root, 'instance'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await writeFiles(root, { 'instance/config.json': '{ "NAME": "instance" }' });
    expect(await changes.next(1)).toBe('instance');
    await writeFiles(root, { 'instance/.env': 'NAME=dotenv' });
    expect(await changes.next(2)).toBe('dotenv');
  });

  test('a broken edit keeps the last good config and reports the error; a fix recovers', async () => {
    const root = await project({ 'instance/config.json': '{ "PORT": 1 }' });
    const changes = recorder<number>();
    const errors = recorder<unknown>();
    const watcher = await watchConfig({
      root,
      defaults,
      env: {},
      debounceMs: 20,
      onChange: (config) => changes.push(config.PORT),
      onError: (error) => errors.push(error),
    });
    open.push(watcher);
    await writeFiles(root, { 'instance/config.json': '{ "PORT": 2, }' });
    const error = await errors.next(1);
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toContain('instance/config.json:1:14: invalid JSON');
    expect(watcher.current.PORT).toBe(1);
    await writeFiles(root, { 'instance/config.json': '{ "PORT": "three" }' });
    expect(String(await errors.next(2))).toContain('PORT (instance/config.json): expected number');
    expect(watcher.current.PORT).toBe(1);
    await writeFiles(root, { 'instance/config.json': '{ "PORT": 3 }' });
    expect(await changes.next(1)).toBe(3);
    expect(changes.seen).toEqual([3]);
  });

  test('deleting a file reloads without it', async () => {
    const root = await project({ 'config.json': '{ "NAME": "file" }' });
    const changes = recorder<string>();
    const watcher = await watchConfig({
      root,
      defaults,
      env: {},
      debounceMs: 20,
      onChange: (c) => changes.push(c.NAME),
    });
    open.push(watcher);
    await rm(join(root, 'config.json'));
    expect(await changes.next(1)).toBe('default');
  });

  test('reload() reloads on demand; close() stops watching', async () => {
    const root = await project({ 'config.json': '{ "NAME": "a" }' });
    const changes = recorder<string>();
    const watcher = await watchConfig({
      root,
      defaults,
      env: {},
      debounceMs: 20,
      onChange: (c) => changes.push(c.NAME),
    });
    open.push(watcher);
    await writeFiles(root, { 'config.json': '{ "NAME": "b" }' });
    const reloaded = (await watcher.reload()) as { NAME: string };
    expect(reloaded.NAME).toBe('b');
    watcher.close();
    await writeFiles(root, { 'config.json': '{ "NAME": "c" }' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(changes.seen).toEqual(['b']);
    expect(watcher.current.NAME).toBe('b');
  });

  test('a failing first load throws', async () => {
    const root = await project({ 'config.json': '{' });
    const error = await rejection(watchConfig({ root, defaults, env: {}, onChange: () => {} }));
    expect(error).toBeInstanceOf(ConfigError);
  });
});
