import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../src/index.ts';
import { parseDotenv } from '../src/internal/dotenv.ts';
import { rejection, tempProjects } from './temp-project.ts';

const project = tempProjects();

async function loadError(files: Record<string, string>) {
  const root = await project(files);
  const error = await rejection(loadConfig({ root, env: {} }));
  expect(error).toBeInstanceOf(ConfigError);
  return { root, error: error as ConfigError };
}

describe('missing versus broken files', () => {
  test('a missing project root, instance folder or file is silent', async () => {
    const root = join(await project(), 'nothing-here');
    expect(await loadConfig({ root, defaults: { A: 1 }, env: {} })).toEqual({ A: 1 });
  });

  test('broken JSON names the file, line and column', async () => {
    const { root, error } = await loadError({ 'instance/config.json': '{\n  "A": 1,\n  "B": 2,\n}\n' });
    expect(error.code).toBe('config_load');
    expect(error.message).toMatch(
      /^Could not load configuration \(1 problem\):\n {2}- instance\/config\.json:4:1: invalid JSON: .+/,
    );
    expect(error.issues[0]).toMatchObject({
      code: 'parse',
      file: join(root, 'instance', 'config.json'),
      line: 4,
      column: 1,
    });
  });

  test('JSON that is not an object is refused', async () => {
    const { error } = await loadError({ 'config.json': '[1, 2]' });
    expect(error.message).toContain('config.json: expected a JSON object, found object.');
    const empty = await loadError({ 'config.json': '' });
    expect(empty.error.issues[0]).toMatchObject({ line: 1 });
  });

  test('a .env syntax error names the file and line', async () => {
    const { root, error } = await loadError({
      'instance/.env': '# settings\nNAME=app\nthis line is wrong\n',
    });
    expect(error.message).toBe(
      'Could not load configuration (1 problem):\n  - instance/.env:3: expected NAME=value, found "this line is wrong"',
    );
    expect(error.issues[0]).toMatchObject({ file: join(root, 'instance', '.env'), line: 3 });
  });

  test('an unterminated quote in .env names the line where it opened', async () => {
    const { error } = await loadError({ 'instance/.env': 'A=1\nB="open\nC=2\n' });
    expect(error.message).toContain('instance/.env:2: unterminated " quote in the value of B');
  });

  test('a config.ts that throws names the file and keeps the cause', async () => {
    const { root, error } = await loadError({
      'config.ts':
        'const ready: boolean = false;\nif (!ready) throw new Error("database settings missing");\nexport default {};\n',
    });
    expect(error.message).toContain('config.ts');
    expect(error.message).toContain('the module failed to load: database settings missing');
    expect(error.issues[0]?.file).toBe(join(root, 'config.ts'));
    expect(error.cause).toBeInstanceOf(Error);
  });

  test('a config function that rejects names the file', async () => {
    const { error } = await loadError({
      'instance/config.mjs': 'export default async () => { throw new Error("vault unreachable"); };',
    });
    expect(error.message).toContain('instance/config.mjs');
    expect(error.message).toContain('vault unreachable');
  });

  test('a config module with a syntax error names the file', async () => {
    const { error } = await loadError({ 'instance/config.js': 'export default { A: 1,, };\n' });
    expect(error.message).toContain('instance/config.js');
    expect(error.issues[0]?.code).toBe('parse');
  });

  test('a config module without a usable export says what it expects', async () => {
    const { error } = await loadError({ 'config.mjs': 'export const other = 1;' });
    expect(error.message).toContain(
      'config.mjs: expected a default export (or `config` export) that is an object or a function returning one, found undefined.',
    );
  });

  test('two config files for the same name are refused', async () => {
    const { error } = await loadError({ 'config.ts': 'export default {};', 'config.json': '{}' });
    expect(error.message).toContain('found config.ts and config.json; keep one of them.');
  });

  test('problems in several files are reported together', async () => {
    const { error } = await loadError({
      'config.json': '{',
      'instance/config.json': '{ "A": }',
      'instance/.env': '1A=x',
    });
    expect(error.issues.map((issue) => issue.source?.label)).toEqual([
      'config.json:1:2',
      'instance/config.json:1:8',
      'instance/.env:1',
    ]);
  });
});

describe('.env syntax', () => {
  test('comments, blank lines, export, quotes, escapes and multi-line values', () => {
    const text = [
      '# comment',
      '',
      'export PLAIN = value with spaces  # trailing comment',
      "SINGLE='literal \\n $HOME # not a comment'",
      'DOUBLE="line\\nbreak \\"quoted\\""',
      'MULTI="first',
      'second"',
      'EMPTY=',
      'HASH=a#b',
      'JSON=[1,2]',
    ].join('\n');
    expect(parseDotenv(text)).toEqual([
      { name: 'PLAIN', value: 'value with spaces', line: 3 },
      { name: 'SINGLE', value: 'literal \\n $HOME # not a comment', line: 4 },
      { name: 'DOUBLE', value: 'line\nbreak "quoted"', line: 5 },
      { name: 'MULTI', value: 'first\nsecond', line: 6 },
      { name: 'EMPTY', value: '', line: 8 },
      { name: 'HASH', value: 'a#b', line: 9 },
      { name: 'JSON', value: '[1,2]', line: 10 },
    ]);
  });

  test('text after a closing quote is an error', () => {
    expect(() => parseDotenv('A="x" y')).toThrow('unexpected text after the closing quote of A');
  });

  test('.env values decode like env vars', async () => {
    const root = await project({
      'instance/.env': 'PORT=8080\nDEBUG=true\nHOSTS=["a","b"]\nNAME="quoted"\n',
    });
    expect(await loadConfig({ root, env: {} })).toEqual({
      PORT: 8080,
      DEBUG: true,
      HOSTS: ['a', 'b'],
      NAME: 'quoted',
    });
  });

  test('.env does not change process.env', async () => {
    const root = await project({ 'instance/.env': 'FLAGON_CONFIG_DOTENV_PROBE=1' });
    await loadConfig({ root, env: {} });
    expect(process.env.FLAGON_CONFIG_DOTENV_PROBE).toBeUndefined();
  });
});
