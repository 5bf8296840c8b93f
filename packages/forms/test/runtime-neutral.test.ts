import { join } from 'node:path';
import { expect, test } from 'vitest';
import { nodeOnlyImports } from '../../core/test/module-graph.ts';

test('the main entry loads no node: module eagerly, through @flagon/core either (Bun, Deno, Workers)', () => {
  expect(nodeOnlyImports(join(import.meta.dirname, '..', 'dist', 'index.js'))).toEqual([]);
});
