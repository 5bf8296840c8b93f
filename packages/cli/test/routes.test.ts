import { describe, expect, test } from 'vitest';
import { flagon } from './helpers.ts';

describe('flagon routes', { timeout: 30_000 }, () => {
  test('prints endpoint, methods and rule sorted by endpoint, without HEAD and OPTIONS', async () => {
    const { code, stdout } = await flagon(['routes']);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'Endpoint  Methods    Rule',
        '--------  ---------  -----------------------',
        'about     GET        /about',
        'create    GET, POST  /create',
        'index     GET        /',
        'showPost  GET        /post/<int:id>',
        'static    GET        /static/<path:filename>',
        '',
      ].join('\n'),
    );
  });

  test('--sort rule and --sort match order the rows', async () => {
    const byRule = await flagon(['routes', '--sort', 'rule']);
    expect(byRule.stdout.split('\n').slice(2, 4)).toEqual([
      'index     GET        /',
      'about     GET        /about',
    ]);
    const byMatch = await flagon(['routes', '-s', 'match']);
    expect(byMatch.stdout.split('\n')[2]).toMatch(/^static/);
  });

  test('--all-methods shows HEAD too', async () => {
    const { stdout } = await flagon(['routes', '--all-methods']);
    expect(stdout).toMatch(/index\s+GET, HEAD\s+\//);
  });

  test('an unknown sort is a usage error', async () => {
    const { code, stderr } = await flagon(['routes', '--sort', 'size']);
    expect(code).toBe(2);
    expect(stderr).toBe('Error: Unknown sort "size": use one of endpoint, methods, rule, match.\n');
  });
});
