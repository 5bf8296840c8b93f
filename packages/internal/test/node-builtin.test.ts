import { afterEach, describe, expect, test, vi } from 'vitest';
import { loadBuiltin } from '../src/index.ts';

describe('loadBuiltin', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  test('gives the Node module where the runtime has process.getBuiltinModule', () => {
    const path = loadBuiltin<typeof import('node:path')>('node:path');
    expect(path?.posix.join('a', 'b')).toBe('a/b');
    expect(loadBuiltin('node:no-such-module')).toBeUndefined();
  });

  test('gives undefined where there is no process, or no getBuiltinModule (Workers)', () => {
    vi.stubGlobal('process', undefined);
    expect(loadBuiltin('node:crypto')).toBeUndefined();
    vi.unstubAllGlobals();
    vi.stubGlobal('process', { env: {} });
    expect(loadBuiltin('node:crypto')).toBeUndefined();
  });
});
