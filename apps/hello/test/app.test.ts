import { expect, test } from 'vitest';
import { app } from '../app.ts';

test('serves the hello page', async () => {
  const res = await app.request('/');
  expect(res.status).toBe(200);
  expect(await res.text()).toContain('Hello');
});
