import { describe, expect, test } from 'vitest';
import { closeMatches, editDistance } from '../src/index.ts';

describe('editDistance', () => {
  test.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['HOTS', 'HOST', 1],
    ['rotues', 'routes', 1],
    ['ca', 'abc', 3],
    ['greet', 'greet', 0],
  ])('%s → %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closeMatches', () => {
  test('typos within a third of the length (at least one edit), closest first, at most three', () => {
    expect(closeMatches('rotues', ['run', 'routes', 'shell'])).toEqual(['routes']);
    expect(closeMatches('gret', ['greet', 'config'])).toEqual(['greet']);
    expect(closeMatches('HOTS', ['PORT', 'HOST'])).toEqual(['HOST']);
    expect(closeMatches('DATABSE_URL', ['DATABASE_URL', 'DATABASE_URI', 'SECRET_KEY'])).toEqual([
      'DATABASE_URL',
      'DATABASE_URI',
    ]);
    expect(closeMatches('ab', ['cd', 'xy'])).toEqual([]);
    expect(closeMatches('aaaa', ['aaab', 'aabb', 'aaac', 'aaad', 'aaae'])).toEqual(['aaab', 'aaac', 'aaad']);
    expect(closeMatches('aaaa', ['aaab', 'aaac'], 1)).toEqual(['aaab']);
  });

  test('case-insensitive; the name itself is never suggested', () => {
    expect(closeMatches('secret_key', ['SECRET_KEY'])).toEqual(['SECRET_KEY']);
    expect(closeMatches('run', ['run', 'runs'])).toEqual(['runs']);
  });

  test('a prefix of a known name, and names that differ by a dotted prefix', () => {
    expect(closeMatches('ro', ['run', 'routes', 'shell'])).toEqual(['routes']);
    expect(closeMatches('index', ['blog.index', 'about'])).toEqual(['blog.index']);
    expect(closeMatches('admin.index', ['index', 'about'])).toEqual(['index']);
    expect(closeMatches('POOL.MAX', ['DB.POOL.MAX', 'DB.HOST'])).toEqual(['DB.POOL.MAX']);
    expect(closeMatches('', ['a', 'b'])).toEqual([]);
  });

  test('takes any iterable', () => {
    expect(closeMatches('hots', new Set(['HOST', 'PORT']))).toEqual(['HOST']);
  });
});
