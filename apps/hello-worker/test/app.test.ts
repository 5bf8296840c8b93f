import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as precompiled from '../dist/templates.gen.js';
import { createApp } from '../src/app.ts';
import { workerSuite } from './suite.ts';

const SECRET_KEY = 'hello-worker-test-secret';

describe('the worker app in-process, with the precompiled templates', () => {
  workerSuite(async () => createApp({ SECRET_KEY, precompiled }).testClient());
});

describe('the bundle', () => {
  test('loads no module at all: no node: built-in, no Node server (Workers run it as is)', () => {
    const bundle = readFileSync(join(import.meta.dirname, '..', 'dist', 'worker.js'), 'utf8');
    expect(bundle.match(/^import\s.*$/gm) ?? []).toEqual([]);
    expect(bundle).not.toMatch(/\b(?:import|require)\s*\(\s*["']node:/);
    // core's Node server (listen()), which app.listen() imports only when called.
    expect(bundle).not.toContain('closeIdleConnections');
  });
});
