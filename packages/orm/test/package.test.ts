import { expect, test } from 'vitest';
import { packageName } from '../src/index.ts';

test('exports its package name', () => {
  expect(packageName).toBe('@flagon/orm');
});
