import { describe, expect, test } from 'vitest';
import {
  BUILTIN_FILTERS,
  createRenderer,
  defaultValue,
  formatDate,
  lower,
  Markup,
  pluralize,
  title,
  truncate,
  upper,
} from '../src/index.ts';

describe('built-in filters', () => {
  test('formatDate', () => {
    const d = new Date('2026-03-05T14:07:09Z');
    expect(formatDate(d, 'YYYY-MM-DD')).toBe('2026-03-05');
    expect(formatDate(d)).toBe('2026-03-05');
    expect(formatDate(d, 'D MMMM YYYY, HH:mm:ss')).toBe('5 March 2026, 14:07:09');
    expect(formatDate(d, 'ddd D MMM YY h:mm A [at] [YYYY]')).toBe('Thu 5 Mar 26 2:07 PM at YYYY');
    expect(formatDate('2026-12-31T00:00:00Z', 'M/D')).toBe('12/31');
    expect(formatDate(0, 'YYYY')).toBe('1970');
    expect(formatDate('not a date')).toBe('');
    expect(formatDate(null)).toBe('');
  });

  test('truncate', () => {
    expect(truncate('The quick brown fox', 12)).toBe('The quick...');
    expect(truncate('The quick brown fox', 12, '…')).toBe('The quick…');
    expect(truncate('The quick brown fox', 12, '...', true)).toBe('The quick...');
    expect(truncate('short', 12)).toBe('short');
    expect(truncate(undefined)).toBe('');
  });

  test('pluralize', () => {
    expect(pluralize(1, 'post')).toBe('post');
    expect(pluralize(0, 'post')).toBe('posts');
    expect(pluralize(2, 'entry', 'entries')).toBe('entries');
    expect(pluralize(['a'], 'item')).toBe('item');
  });

  test('default, upper, lower, title', () => {
    expect(defaultValue(undefined, 'x')).toBe('x');
    expect(defaultValue(null, 'x')).toBe('x');
    expect(defaultValue('', 'x')).toBe('');
    expect(defaultValue('', 'x', true)).toBe('x');
    expect(upper('abc')).toBe('ABC');
    expect(lower('ABC')).toBe('abc');
    expect(title('hello WORLD of-flask')).toBe('Hello World Of-Flask');
    expect(title("it's (a) <test>")).toBe("It's (A) <Test>");
  });

  test('are callable by name in templates, default as d() or filters.default()', () => {
    const renderer = createRenderer();
    const source =
      '<%= upper(it.a) %> <%= d(it.none, "-") %> <%= filters.default(it.none, "+") %> <%= pluralize(it.n, "post") %> <%= title("a b") %>';
    expect(renderer.renderString(source, { a: 'x', n: 2 })).toBe('X - + posts A B');
    expect(Object.isFrozen(BUILTIN_FILTERS)).toBe(true);
    expect(BUILTIN_FILTERS.json?.('x' as never)).toBeInstanceOf(Markup);
  });
});
