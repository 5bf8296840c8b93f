import { describe, expect, test } from 'vitest';
import { Page } from '../src/index.ts';

function page(n: number, pages: number, perPage = 10): Page<number> {
  const total = pages * perPage;
  return new Page(
    Array.from({ length: perPage }, (_, i) => i),
    n,
    perPage,
    total,
  );
}

describe('Page.iterPages (Flask-SQLAlchemy iter_pages)', () => {
  test('the default window: two at each edge, two before and four after the current page', () => {
    expect([...page(1, 20).iterPages()]).toEqual([1, 2, 3, 4, 5, null, 19, 20]);
    expect([...page(10, 20).iterPages()]).toEqual([1, 2, null, 8, 9, 10, 11, 12, 13, 14, null, 19, 20]);
    expect([...page(20, 20).iterPages()]).toEqual([1, 2, null, 18, 19, 20]);
  });

  test('no gap markers when the window touches the edges', () => {
    expect([...page(3, 7).iterPages()]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect([...page(4, 10).iterPages()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  test('custom edges and window', () => {
    expect([
      ...page(50, 100).iterPages({ leftEdge: 1, leftCurrent: 1, rightCurrent: 1, rightEdge: 1 }),
    ]).toEqual([1, null, 49, 50, 51, null, 100]);
    expect([...page(1, 1).iterPages()]).toEqual([1]);
    expect([...new Page([], 1, 10, 0).iterPages()]).toEqual([]);
  });

  test('navigation numbers', () => {
    const p = page(2, 3);
    expect([p.pages, p.hasPrev, p.hasNext, p.prevNum, p.nextNum, p.first, p.last]).toEqual([
      3,
      true,
      true,
      1,
      3,
      11,
      20,
    ]);
    const partial = new Page([1, 2, 3], 3, 10, 23);
    expect([partial.pages, partial.hasNext, partial.nextNum, partial.first, partial.last]).toEqual([
      3,
      false,
      null,
      21,
      23,
    ]);
  });
});
