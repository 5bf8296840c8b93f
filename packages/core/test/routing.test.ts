import { describe, expect, test } from 'vitest';
import { Flagon } from '../src/index.ts';

describe('routing', () => {
  test('converts <int:id> to a number before the view runs', async () => {
    const app = new Flagon({ staticFolder: null });
    app.get('/post/<int:id>', function show(c) {
      return { id: c.params.id, type: typeof c.params.id };
    });
    const res = await app.request('/post/12');
    expect(await res.json()).toEqual({ id: 12, type: 'number' });
    expect((await app.request('/post/abc')).status).toBe(404);
  });
});
