import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { configInfo, explain, loadConfig } from '../src/index.ts';
import { tempProjects } from './temp-project.ts';

const project = tempProjects();
const defaults = { NAME: 'defaults', PORT: 5000, DEBUG: false };

/** The label of the source that won for a key. */
function winner(config: object, key: string): string {
  return explain(config as Record<string, unknown>, key).at(-1)?.source.label ?? '';
}

describe('each source', () => {
  test('defaults alone', async () => {
    const root = await project();
    const config = await loadConfig({ root, defaults, env: {} });
    expect(config).toEqual(defaults);
    expect(winner(config, 'NAME')).toBe('defaults');
  });

  test('config.ts at the project root, with type annotations', async () => {
    const root = await project({
      'config.ts': 'const port: number = 8000;\nexport default { NAME: "root ts", PORT: port };\n',
    });
    const config = await loadConfig({ root, defaults, env: {} });
    expect(config).toEqual({ NAME: 'root ts', PORT: 8000, DEBUG: false });
    expect(winner(config, 'NAME')).toBe('config.ts');
  });

  test.each([
    ['config.js', 'export default { NAME: "js" };'],
    ['config.mjs', 'export default { NAME: "mjs" };'],
    ['config.mts', 'export default { NAME: "mts" as string };'],
    ['config.json', '{ "NAME": "json" }'],
  ])('%s at the project root', async (file, text) => {
    const root = await project({ [file]: text });
    const config = await loadConfig({ root, defaults, env: {} });
    expect(config.NAME).toBe(file.split('.')[1]);
    expect(winner(config, 'NAME')).toBe(file);
  });

  test('a config module may export `config` instead of a default', async () => {
    const root = await project({ 'config.mjs': 'export const config = { NAME: "named" };' });
    expect((await loadConfig({ root, defaults, env: {} })).NAME).toBe('named');
  });

  test('a config module may export a (async) function of the mode and environment', async () => {
    const root = await project({
      'config.ts':
        'import type {} from "node:fs";\n' +
        'export default async ({ mode, env, root }: { mode?: string; env: Record<string, string | undefined>; root: string }) =>\n' +
        '  ({ NAME: [mode, env.WHO, root.length > 0].join(":"), DEBUG: mode === "development" });\n',
    });
    const config = await loadConfig({ root, defaults, env: { WHO: 'me' }, mode: 'development' });
    expect(config).toMatchObject({ NAME: 'development:me:true', DEBUG: true });
  });

  test.each([
    ['instance/config.ts', 'export default { NAME: "instance ts" };', 'instance ts'],
    ['instance/config.js', 'export default { NAME: "instance js" };', 'instance js'],
    ['instance/config.json', '{ "NAME": "instance json" }', 'instance json'],
    ['instance/.env', 'NAME=instance env', 'instance env'],
  ])('%s in the instance folder', async (file, text, expected) => {
    const root = await project({ [file]: text });
    const config = await loadConfig({ root, defaults, env: {} });
    expect(config.NAME).toBe(expected);
    expect(winner(config, 'NAME')).toMatch(new RegExp(`^${file.replace('.', '\\.')}`));
  });

  test('the instance folder may be elsewhere, absolute or relative to the root', async () => {
    const root = await project({
      'var/app-instance/config.json': '{ "NAME": "relative" }',
    });
    expect((await loadConfig({ root, defaults, env: {}, instancePath: 'var/app-instance' })).NAME).toBe(
      'relative',
    );
    const elsewhere = await project({ 'config.json': '{ "NAME": "absolute" }' });
    const config = await loadConfig({ root, defaults, env: {}, instancePath: elsewhere });
    expect(config.NAME).toBe('absolute');
    expect(configInfo(config).instancePath).toBe(elsewhere);
  });

  test('the instance folder may be the root itself', async () => {
    const root = await project({ 'config.json': '{ "NAME": "root" }', '.env': 'PORT=1' });
    const config = await loadConfig({ root, defaults, env: {}, instancePath: '.' });
    expect(config).toMatchObject({ NAME: 'root', PORT: 1 });
    expect(configInfo(config).files).toEqual([join(root, 'config.json'), join(root, '.env')]);
  });

  test('an instance path that is a file is an error', async () => {
    const root = await project({ instance: 'not a folder' });
    const error = await loadConfig({ root, defaults, env: {} }).catch((e: unknown) => e);
    expect(String(error)).toContain(`cannot read folder ${join(root, 'instance')}`);
  });

  test('a missing instance folder or file is silent', async () => {
    const root = await project({ 'config.json': '{ "NAME": "root" }' });
    const config = await loadConfig({ root, defaults, env: {}, instancePath: 'does/not/exist' });
    expect(config.NAME).toBe('root');
    expect(configInfo(config).files).toEqual([join(root, 'config.json')]);
  });

  test('environment variables with the prefix', async () => {
    const root = await project();
    const config = await loadConfig({
      root,
      defaults,
      envPrefix: 'FLASKR',
      env: { FLASKR_NAME: 'env', FLASKR_PORT: '8080', OTHER_NAME: 'ignored', FLASKR: 'ignored' },
    });
    expect(config).toEqual({ NAME: 'env', PORT: 8080, DEBUG: false });
    expect(winner(config, 'PORT')).toBe('env FLASKR_PORT');
  });

  test('the prefix may be given with its trailing underscore', async () => {
    const root = await project();
    const config = await loadConfig({ root, defaults, envPrefix: 'FLASKR_', env: { FLASKR_NAME: 'env' } });
    expect(config.NAME).toBe('env');
  });

  test('without envPrefix, environment variables are not read', async () => {
    const root = await project();
    const config = await loadConfig({ root, defaults, env: { NAME: 'env', FLASK_NAME: 'env' } });
    expect(config.NAME).toBe('defaults');
  });

  test('overrides', async () => {
    const root = await project();
    const config = await loadConfig({
      root,
      defaults,
      env: {},
      overrides: { NAME: 'override', TESTING: true },
    });
    expect(config).toEqual({ ...defaults, NAME: 'override', TESTING: true });
    expect(winner(config, 'NAME')).toBe('overrides');
  });

  test('process.env and process.cwd() are the defaults for env and root', async () => {
    const root = await project({ 'config.json': '{ "NAME": "cwd" }' });
    const cwd = process.cwd();
    process.env.FLAGON_CONFIG_TEST_PORT = '7000';
    try {
      process.chdir(root);
      const config = await loadConfig({ defaults, envPrefix: 'FLAGON_CONFIG_TEST' });
      expect(config).toMatchObject({ NAME: 'cwd', PORT: 7000 });
    } finally {
      process.chdir(cwd);
      delete process.env.FLAGON_CONFIG_TEST_PORT;
    }
  });
});

describe('precedence: each source beats every one before it', () => {
  const layers = {
    defaults: 'defaults',
    config: 'config.ts',
    instanceConfig: 'instance/config.json',
    dotenv: 'instance/.env:1',
    env: 'env APP_NAME',
    override: 'overrides',
  } as const;
  type Layer = keyof typeof layers;
  const order: Layer[] = ['defaults', 'config', 'instanceConfig', 'dotenv', 'env', 'override'];

  async function loadWith(present: readonly Layer[]) {
    const files: Record<string, string> = {};
    if (present.includes('config')) files['config.ts'] = 'export default { NAME: "config" };';
    if (present.includes('instanceConfig')) files['instance/config.json'] = '{ "NAME": "instanceConfig" }';
    if (present.includes('dotenv')) files['instance/.env'] = 'NAME=dotenv';
    const root = await project(files);
    return loadConfig({
      root,
      defaults: { NAME: 'defaults' },
      envPrefix: 'APP',
      env: present.includes('env') ? { APP_NAME: 'env' } : {},
      ...(present.includes('override') ? { overrides: { NAME: 'override' } } : {}),
    });
  }

  const pairs = order.flatMap((low, index) => order.slice(index + 1).map((high) => [low, high] as const));
  test.each(pairs)('%s < %s', async (low, high) => {
    const config = await loadWith(low === 'defaults' ? [low, high] : ['defaults', low, high]);
    expect(config.NAME).toBe(high);
    expect(explain(config, 'NAME').map((entry) => entry.source.label)).toEqual(
      low === 'defaults' ? [layers.defaults, layers[high]] : [layers.defaults, layers[low], layers[high]],
    );
  });

  test('all six together, in order', async () => {
    const config = await loadWith(order);
    expect(config.NAME).toBe('override');
    expect(explain(config, 'NAME').map((entry) => entry.value)).toEqual([
      'defaults',
      'config',
      'instanceConfig',
      'dotenv',
      'env',
      'override',
    ]);
  });
});

describe('environment variables: nesting and JSON decoding', () => {
  test('__ nests, and nested sections merge with the other sources', async () => {
    const root = await project({
      'config.json': '{ "DB": { "URL": "sqlite:app.sqlite", "POOL": { "MIN": 1 } } }',
    });
    const config = await loadConfig({
      root,
      defaults: { DB: { URL: '', POOL: { MIN: 0, MAX: 5 } } },
      envPrefix: 'FLASKR',
      env: { FLASKR_DB__POOL__MAX: '10' },
    });
    expect(config).toEqual({ DB: { URL: 'sqlite:app.sqlite', POOL: { MIN: 1, MAX: 10 } } });
    expect(winner(config, 'DB.POOL.MAX')).toBe('env FLASKR_DB__POOL__MAX');
    expect(winner(config, 'DB.POOL.MIN')).toBe('config.json');
  });

  test('values are JSON-decoded when they parse, else kept as strings', async () => {
    const root = await project();
    const config = await loadConfig({
      root,
      envPrefix: 'APP',
      env: {
        APP_INT: '10',
        APP_FLOAT: '2.5',
        APP_TRUE: 'true',
        APP_NULL: 'null',
        APP_LIST: '[1, "two"]',
        APP_OBJECT: '{"a": 1}',
        APP_QUOTED: '"10"',
        APP_TEXT: 'hello world',
        APP_EMPTY: '',
        APP_ZERO_PADDED: '010',
      },
    });
    expect(config).toEqual({
      INT: 10,
      FLOAT: 2.5,
      TRUE: true,
      NULL: null,
      LIST: [1, 'two'],
      OBJECT: { a: 1 },
      QUOTED: '10',
      TEXT: 'hello world',
      EMPTY: '',
      ZERO_PADDED: '010',
    });
  });

  test('a value whose default is a string stays a string', async () => {
    const root = await project({ 'instance/.env': 'SECRET_KEY=12345' });
    const config = await loadConfig({
      root,
      defaults: { SECRET_KEY: 'dev', PIN: 'x', PORT: 1 },
      envPrefix: 'APP',
      env: { APP_PIN: '0042', APP_PORT: '80' },
    });
    expect(config).toEqual({ SECRET_KEY: '12345', PIN: '0042', PORT: 80 });
  });

  test('.env entries may carry the env prefix, and nest with __', async () => {
    const root = await project({ 'instance/.env': 'APP_NAME=prefixed\nDB__PORT=5432\n' });
    const config = await loadConfig({
      root,
      defaults: { NAME: '', DB: { PORT: 0 } },
      envPrefix: 'APP',
      env: {},
    });
    expect(config).toEqual({ NAME: 'prefixed', DB: { PORT: 5432 } });
  });

  test('an env var name with an empty segment is a load error', async () => {
    const root = await project();
    const error = await loadConfig({ root, envPrefix: 'APP', env: { APP_DB____PORT: '1' } }).catch(
      (e: unknown) => e,
    );
    expect(String(error)).toContain('env APP_DB____PORT: empty key segment');
  });

  test('FLAGON_ENV is the mode, not a key, even with the FLAGON prefix', async () => {
    const root = await project();
    const config = await loadConfig({
      root,
      defaults: { NAME: '' },
      envPrefix: 'FLAGON',
      env: { FLAGON_ENV: 'test', FLAGON_NAME: 'x' },
    });
    expect(config).toEqual({ NAME: 'x' });
    expect(configInfo(config).mode).toBe('test');
  });
});

describe('modes', () => {
  const files = {
    'config.ts': 'export default { NAME: "base", DEBUG: true };',
    'config.production.ts': 'export default { NAME: "production", DEBUG: false };',
    'config.test.json': '{ "NAME": "test" }',
    'instance/config.json': '{ "PORT": 1 }',
    'instance/config.production.json': '{ "PORT": 2 }',
    'instance/.env': 'NAME=from-env-file',
    'instance/.env.test': 'NAME=from-env-test-file',
  };

  test('without a mode, no mode files are read', async () => {
    const root = await project(files);
    const config = await loadConfig({ root, defaults, env: {} });
    expect(config).toEqual({ NAME: 'from-env-file', PORT: 1, DEBUG: true });
    expect(configInfo(config).mode).toBeUndefined();
  });

  test('config.<mode>.* layers right above config.* in the root and the instance folder', async () => {
    const root = await project(files);
    const config = await loadConfig({ root, defaults, env: {}, mode: 'production' });
    expect(config).toEqual({ NAME: 'from-env-file', PORT: 2, DEBUG: false });
    expect(explain(config, 'DEBUG').map((entry) => entry.source.label)).toEqual([
      'defaults',
      'config.ts',
      'config.production.ts',
    ]);
  });

  test('.env.<mode> layers above .env', async () => {
    const root = await project(files);
    const config = await loadConfig({ root, defaults, env: {}, mode: 'test' });
    expect(config.NAME).toBe('from-env-test-file');
    expect(explain(config, 'NAME').map((entry) => entry.source.label)).toEqual([
      'defaults',
      'config.ts',
      'config.test.json',
      'instance/.env:1',
      'instance/.env.test:1',
    ]);
  });

  test('the mode comes from FLAGON_ENV, then NODE_ENV', async () => {
    const root = await project(files);
    const both = await loadConfig({ root, defaults, env: { FLAGON_ENV: 'production', NODE_ENV: 'test' } });
    expect(configInfo(both).mode).toBe('production');
    expect(both.PORT).toBe(2);
    const node = await loadConfig({ root, defaults, env: { NODE_ENV: 'test' } });
    expect(configInfo(node).mode).toBe('test');
    const explicit = await loadConfig({ root, defaults, env: { NODE_ENV: 'test' }, mode: 'development' });
    expect(configInfo(explicit).mode).toBe('development');
  });

  test('a mode that is not a plain name is refused', async () => {
    const root = await project(files);
    const error = await loadConfig({ root, defaults, env: {}, mode: '../etc' }).catch((e: unknown) => e);
    expect(String(error)).toContain('mode "../etc" may only contain letters, digits, "-" and "_".');
  });
});

describe('standalone use', () => {
  test('works in any Node program: no Flagon dependency, plain defaults and env', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    expect(pkg.dependencies ?? {}).toEqual({});
    const root = await project({ 'config.json': '{ "WORKERS": 2 }' });
    const config = await loadConfig({
      root,
      defaults: { WORKERS: 1, QUEUE_URL: 'redis://localhost' },
      envPrefix: 'WORKER',
      env: { WORKER_QUEUE_URL: 'redis://queue:6379' },
    });
    expect(config).toEqual({ WORKERS: 2, QUEUE_URL: 'redis://queue:6379' });
  });

  test('a __proto__ key in a file pollutes nothing', async () => {
    const root = await project({ 'config.json': '{ "__proto__": { "polluted": true }, "A": 1 }' });
    const config = await loadConfig({ root, env: {} });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(config)).toBe(Object.prototype);
    expect(config.A).toBe(1);
    const strict = await loadConfig({ root, defaults: { A: 0 }, env: {} }).catch((e: unknown) => e);
    expect(String(strict)).toContain('__proto__ (config.json): unknown key.');
  });

  test('with neither schema nor defaults, every key is accepted as is', async () => {
    const root = await project({ 'config.json': '{ "ANYTHING": { "GOES": [1, 2] } }' });
    const config = await loadConfig({ root, envPrefix: 'X', env: { X_MORE: 'yes' } });
    expect(config).toEqual({ ANYTHING: { GOES: [1, 2] }, MORE: 'yes' });
  });
});
