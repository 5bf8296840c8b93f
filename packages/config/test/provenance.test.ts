import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { ConfigError, configInfo, describe as describeConfig, explain, loadConfig } from '../src/index.ts';
import { tempProjects } from './temp-project.ts';

const project = tempProjects();

async function layered() {
  const root = await project({
    'config.ts': 'export default { DATABASE_URL: "sqlite:app.sqlite", DB: { POOL: { MIN: 1 } } };',
    'instance/config.json': '{ "DATABASE_URL": "postgres://app:pw@db/app" }',
    'instance/.env': '\nSECRET_KEY=from-dotenv\n',
  });
  const config = await loadConfig({
    root,
    defaults: { SECRET_KEY: 'dev', DATABASE_URL: '', DEBUG: false, DB: { POOL: { MIN: 0, MAX: 5 } } },
    envPrefix: 'FLASKR',
    env: { FLASKR_SECRET_KEY: 'from-env', FLASKR_DB__POOL__MAX: '10' },
    overrides: { DEBUG: true },
  });
  return { root, config };
}

describe('explain', () => {
  test('returns the chain of sources that set a key, the winner last, secrets redacted', async () => {
    const { root, config } = await layered();
    expect(explain(config, 'SECRET_KEY')).toEqual([
      {
        key: 'SECRET_KEY',
        source: { kind: 'defaults', label: 'defaults' },
        value: '[redacted]',
        redacted: true,
      },
      {
        key: 'SECRET_KEY',
        source: {
          kind: 'file',
          file: `${root}/instance/.env`,
          line: 2,
          name: 'SECRET_KEY',
          label: 'instance/.env:2',
        },
        value: '[redacted]',
        redacted: true,
      },
      {
        key: 'SECRET_KEY',
        source: { kind: 'env', name: 'FLASKR_SECRET_KEY', label: 'env FLASKR_SECRET_KEY' },
        value: '[redacted]',
        redacted: true,
      },
    ]);
    expect(explain(config, 'SECRET_KEY', { reveal: true }).map((entry) => entry.value)).toEqual([
      'dev',
      'from-dotenv',
      'from-env',
    ]);
  });

  test('names files and masks URL credentials', async () => {
    const { root, config } = await layered();
    expect(explain(config, 'DATABASE_URL')).toEqual([
      { key: 'DATABASE_URL', source: { kind: 'defaults', label: 'defaults' }, value: '', redacted: false },
      {
        key: 'DATABASE_URL',
        source: { kind: 'file', file: `${root}/config.ts`, label: 'config.ts' },
        value: 'sqlite:app.sqlite',
        redacted: false,
      },
      {
        key: 'DATABASE_URL',
        source: { kind: 'file', file: `${root}/instance/config.json`, label: 'instance/config.json' },
        value: 'postgres://app:[redacted]@db/app',
        redacted: true,
      },
    ]);
  });

  test('nested keys by dotted path; a section explains every key below it in order', async () => {
    const { config } = await layered();
    expect(explain(config, 'DB.POOL.MAX').map((entry) => [entry.source.label, entry.value])).toEqual([
      ['defaults', 5],
      ['env FLASKR_DB__POOL__MAX', 10],
    ]);
    expect(explain(config, 'DB').map((entry) => `${entry.key} ${entry.source.label}`)).toEqual([
      'DB.POOL.MIN defaults',
      'DB.POOL.MAX defaults',
      'DB.POOL.MIN config.ts',
      'DB.POOL.MAX env FLASKR_DB__POOL__MAX',
    ]);
    expect(explain(config.DB, 'POOL.MIN').at(-1)?.source.label).toBe('config.ts');
  });

  test('overrides are the last word', async () => {
    const { config } = await layered();
    expect(explain(config, 'DEBUG').map((entry) => entry.source.kind)).toEqual(['defaults', 'override']);
  });

  test('a value only the schema produced is explained as from the schema', async () => {
    const root = await project();
    const config = await loadConfig({ root, schema: z.object({ PORT: z.number().default(5000) }), env: {} });
    expect(explain(config, 'PORT')).toEqual([
      { key: 'PORT', source: { kind: 'schema', label: 'schema' }, value: 5000, redacted: false },
    ]);
  });

  test('an unknown key throws, suggesting the closest', async () => {
    const { config } = await layered();
    expect(() => explain(config, 'SECRET_KY' as 'SECRET_KEY')).toThrow(ConfigError);
    expect(() => explain(config, 'SECRET_KY' as 'SECRET_KEY')).toThrow(
      'Unknown configuration key (1 problem):\n  - SECRET_KY: no such key in this config. Did you mean SECRET_KEY?',
    );
    expect(() => explain(config, 'POOL.MAX' as 'SECRET_KEY')).toThrow(
      'Unknown configuration key (1 problem):\n  - POOL.MAX: no such key in this config. Did you mean DB.POOL.MAX?',
    );
  });

  test('a plain object is refused', () => {
    expect(() => explain({ A: 1 }, 'A')).toThrow('explain: expected a config returned by loadConfig');
  });
});

describe('describe', () => {
  test('lists every effective key with its redacted value and winning source', async () => {
    const { config } = await layered();
    expect(describeConfig(config).map(({ key, value, source }) => [key, value, source.label])).toEqual([
      ['SECRET_KEY', '[redacted]', 'env FLASKR_SECRET_KEY'],
      ['DATABASE_URL', 'postgres://app:[redacted]@db/app', 'instance/config.json'],
      ['DEBUG', true, 'overrides'],
      ['DB.POOL.MIN', 1, 'config.ts'],
      ['DB.POOL.MAX', 10, 'env FLASKR_DB__POOL__MAX'],
    ]);
    expect(describeConfig(config, { reveal: true })[0]?.value).toBe('from-env');
  });

  test('arrays are single values; schema-made values name the schema', async () => {
    const root = await project({ 'config.json': '{ "HOSTS": ["a", "b"] }' });
    const schema = z.object({ HOSTS: z.array(z.string()), PORT: z.number().default(1) });
    const config = await loadConfig({ root, schema, env: {} });
    expect(describeConfig(config).map(({ key, value, source }) => [key, value, source.kind])).toEqual([
      ['HOSTS', ['a', 'b'], 'file'],
      ['PORT', 1, 'schema'],
    ]);
  });
});

describe('configInfo', () => {
  test('tells the mode, folders, prefix and files read', async () => {
    const { root, config } = await layered();
    expect(configInfo(config)).toEqual({
      mode: undefined,
      root,
      instancePath: `${root}/instance`,
      envPrefix: 'FLASKR',
      files: [`${root}/config.ts`, `${root}/instance/config.json`, `${root}/instance/.env`],
    });
  });
});
