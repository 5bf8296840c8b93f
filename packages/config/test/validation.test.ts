import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig, type StandardSchemaV1 } from '../src/index.ts';
import { rejection, tempProjects } from './temp-project.ts';

const project = tempProjects();

async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('with a defaults object', () => {
  const defaults = {
    SECRET_KEY: 'dev',
    DATABASE_URL: 'sqlite:app.sqlite',
    PORT: 5000,
    DEBUG: false,
    HOSTS: ['localhost'],
  };

  test('a value of another type than its default is reported with key, source, expected and found', async () => {
    const root = await project({ 'config.json': '{ "DEBUG": "yes" }' });
    const error = await configError(
      loadConfig({ root, defaults, envPrefix: 'APP', env: { APP_PORT: 'eighty' } }),
    );
    expect(error.code).toBe('config_invalid');
    expect(error.message).toBe(
      [
        'Invalid configuration (2 problems):',
        '  - PORT (env APP_PORT): expected number (the type of its default), found string "eighty".',
        '  - DEBUG (config.json): expected boolean (the type of its default), found string "yes".',
      ].join('\n'),
    );
    expect(error.issues).toMatchObject([
      {
        code: 'invalid',
        key: 'PORT',
        expected: 'number',
        found: 'string "eighty"',
        source: { kind: 'env', name: 'APP_PORT' },
      },
      { code: 'invalid', key: 'DEBUG', expected: 'boolean', found: 'string "yes"', source: { kind: 'file' } },
    ]);
    expect(error.key).toBe('PORT');
    expect(error.source).toMatchObject({ kind: 'env', name: 'APP_PORT' });
  });

  test('arrays and sections are checked too; secrets are redacted in what was found', async () => {
    const root = await project({ 'instance/config.json': '{ "HOSTS": "example.com", "SECRET_KEY": 42 }' });
    const error = await configError(loadConfig({ root, defaults, env: {} }));
    expect(error.issues.map((issue) => [issue.key, issue.expected, issue.found])).toEqual([
      ['SECRET_KEY', 'string', 'number 42'],
      ['HOSTS', 'array', 'string "example.com"'],
    ]);
    const nested = await project({ 'config.json': '{ "DB": "sqlite:x", "MAIL": { "PASSWORD": ["a"] } }' });
    const sectionError = await configError(
      loadConfig({ root: nested, defaults: { DB: { URL: '' }, MAIL: { PASSWORD: '' } }, env: {} }),
    );
    expect(sectionError.message).toContain(
      'DB (config.json): expected object (the type of its default), found string "sqlite:x".',
    );
    expect(sectionError.message).toContain(
      'MAIL.PASSWORD (config.json): expected string (the type of its default), found array "[redacted]".',
    );
  });

  test('an unknown key from a file or the env is an error suggesting the closest known key', async () => {
    const root = await project({ 'instance/config.json': '{ "DATABSE_URL": "postgres://x" }' });
    const error = await configError(
      loadConfig({ root, defaults, envPrefix: 'APP', env: { APP_SECRETKEY: 'x' } }),
    );
    expect(error.message).toBe(
      [
        'Invalid configuration (2 problems):',
        '  - DATABSE_URL (instance/config.json): unknown key. Did you mean DATABASE_URL?',
        '  - SECRETKEY (env APP_SECRETKEY): unknown key. Did you mean SECRET_KEY?',
      ].join('\n'),
    );
    expect(error.issues[0]).toMatchObject({
      code: 'unknown_key',
      key: 'DATABSE_URL',
      suggestion: 'DATABASE_URL',
    });
  });

  test('an unknown key with nothing close lists the known keys', async () => {
    const root = await project({ 'config.json': '{ "DB": { "HOST": "x", "COMPLETELY_DIFFERENT": 1 } }' });
    const error = await configError(
      loadConfig({ root, defaults: { DB: { HOST: '', PORT: 5432 } }, env: {} }),
    );
    expect(error.message).toContain(
      'DB.COMPLETELY_DIFFERENT (config.json): unknown key. Known keys here: DB.HOST, DB.PORT.',
    );
  });

  test('nested unknown keys suggest the nested key', async () => {
    const root = await project();
    const error = await configError(
      loadConfig({
        root,
        defaults: { DB: { POOL: { MAX: 5 } } },
        envPrefix: 'APP',
        env: { APP_DB__POOL__MAXX: '1' },
      }),
    );
    expect(error.issues[0]).toMatchObject({ key: 'DB.POOL.MAXX', suggestion: 'DB.POOL.MAX' });
  });

  test('an empty object or null default leaves its section open', async () => {
    const root = await project({ 'config.json': '{ "EXTRA": { "ANY": 1 }, "ANYTHING": [1] }' });
    const config = await loadConfig({ root, defaults: { EXTRA: {}, ANYTHING: null }, env: {} });
    expect(config).toEqual({ EXTRA: { ANY: 1 }, ANYTHING: [1] });
  });

  test('overrides may add keys (they are code, not checked for unknown keys)', async () => {
    const root = await project();
    const config = await loadConfig({ root, defaults, env: {}, overrides: { TESTING: true } });
    expect((config as Record<string, unknown>).TESTING).toBe(true);
  });

  test('every problem is reported at once, across sources', async () => {
    const root = await project({
      'config.ts': 'export default { PORT: "x" };',
      'instance/.env': 'DEBUGG=true\n',
    });
    const error = await configError(
      loadConfig({ root, defaults, envPrefix: 'APP', env: { APP_HOSTS: 'a,b' } }),
    );
    expect(error.issues.map((issue) => `${issue.code} ${issue.key} ${issue.source?.label}`)).toEqual([
      'unknown_key DEBUGG instance/.env:1',
      'invalid PORT config.ts',
      'invalid HOSTS env APP_HOSTS',
    ]);
  });
});

describe('with a Standard Schema', () => {
  const schema = z.object({
    SECRET_KEY: z.string().default('dev'),
    DATABASE_URL: z.string().default('sqlite:app.sqlite'),
    DEBUG: z.boolean().default(false),
    DB: z
      .object({ POOL: z.object({ MAX: z.number().int().default(5) }).default({ MAX: 5 }) })
      .default({ POOL: { MAX: 5 } }),
  });

  test('the output is the schema output, with its defaults and transforms', async () => {
    const root = await project({ 'config.json': '{ "DEBUG": true }' });
    const config = await loadConfig({ root, schema, envPrefix: 'APP', env: { APP_DB__POOL__MAX: '20' } });
    expect(config).toEqual({
      SECRET_KEY: 'dev',
      DATABASE_URL: 'sqlite:app.sqlite',
      DEBUG: true,
      DB: { POOL: { MAX: 20 } },
    });
  });

  test('schema failures name the key, the source and what was found', async () => {
    const root = await project({ 'instance/config.json': '{ "DEBUG": "yes" }' });
    const env = { APP_DB__POOL__MAX: '2.5', APP_SECRET_KEY: '12345' };
    const error = await configError(loadConfig({ root, schema, envPrefix: 'APP', env }));
    expect(error.message).toBe(
      [
        'Invalid configuration (2 problems):',
        '  - DEBUG (instance/config.json): Invalid input: expected boolean, received string (found string "yes").',
        '  - DB.POOL.MAX (env APP_DB__POOL__MAX): Invalid input: expected int, received number (found number 2.5).',
      ].join('\n'),
    );
    expect(error.issues[1]).toMatchObject({ code: 'invalid', key: 'DB.POOL.MAX', source: { kind: 'env' } });
  });

  test('a required key that nothing set says so', async () => {
    const root = await project();
    const required = z.object({ DATABASE_URL: z.string() });
    const error = await configError(loadConfig({ root, schema: required, env: {} }));
    expect(error.message).toBe(
      'Invalid configuration (1 problem):\n  - DATABASE_URL: Invalid input: expected string, received undefined (not set by any source).',
    );
    expect(error.source).toBeUndefined();
  });

  test('an unknown key from a file or env is an error with a suggestion, even when zod would strip it', async () => {
    const root = await project({ 'instance/config.json': '{ "DATABSE_URL": "postgres://x" }' });
    const error = await configError(
      loadConfig({ root, schema, envPrefix: 'APP', env: { APP_DB__POOLS__MAX: '1' } }),
    );
    expect(error.message).toBe(
      [
        'Invalid configuration (2 problems):',
        '  - DATABSE_URL (instance/config.json): unknown key. Did you mean DATABASE_URL?',
        '  - DB.POOLS (env APP_DB__POOLS__MAX): unknown key. Did you mean DB.POOL?',
      ].join('\n'),
    );
  });

  test('unknown keys are found even when validation fails, next to the schema issues', async () => {
    const root = await project({ 'config.json': '{ "DATABSE_URL": "postgres://x" }' });
    const required = z.object({ DATABASE_URL: z.string(), PORT: z.number().optional() });
    const error = await configError(loadConfig({ root, schema: required, env: {} }));
    expect(error.issues.map((issue) => [issue.code, issue.key, issue.suggestion])).toEqual([
      ['invalid', 'DATABASE_URL', undefined],
      ['unknown_key', 'DATABSE_URL', 'DATABASE_URL'],
    ]);
  });

  test('a strict schema reports unknown overrides; a loose one accepts them', async () => {
    const root = await project();
    const strict = z.strictObject({ A: z.number().default(1) });
    const error = await configError(
      loadConfig({ root, schema: strict, env: {}, overrides: { B: 1 } as never }),
    );
    expect(error.issues[0]?.message).toContain('Unrecognized key');
    const loose = z.looseObject({ A: z.number().default(1) });
    const config = await loadConfig({ root, schema: loose, env: {}, overrides: { B: 1 } as never });
    expect(config).toEqual({ A: 1, B: 1 });
  });

  test('an env value that decodes to JSON is retried as its string when the schema wants a string', async () => {
    const root = await project();
    const config = await loadConfig({
      root,
      schema,
      envPrefix: 'APP',
      env: { APP_SECRET_KEY: '12345', APP_DATABASE_URL: 'true' },
    });
    expect(config.SECRET_KEY).toBe('12345');
    expect(config.DATABASE_URL).toBe('true');
  });

  test('defaults may sit under a schema, and are validated by it', async () => {
    const root = await project();
    const s = z.object({ PORT: z.number(), NAME: z.string() });
    const config = await loadConfig({ root, schema: s, defaults: { PORT: 80, NAME: 'app' }, env: {} });
    expect(config).toEqual({ PORT: 80, NAME: 'app' });
  });

  test('valibot works the same way', async () => {
    const root = await project({ 'config.json': '{ "PORT": "80", "HOTS": "x" }' });
    const vschema = v.object({
      PORT: v.optional(v.number(), 5000),
      HOST: v.optional(v.string(), 'localhost'),
    });
    const error = await configError(loadConfig({ root, schema: vschema, env: {} }));
    expect(error.message).toBe(
      [
        'Invalid configuration (2 problems):',
        '  - PORT (config.json): Invalid type: Expected number but received "80" (found string "80").',
        '  - HOTS (config.json): unknown key. Did you mean HOST?',
      ].join('\n'),
    );
    const ok = await project({ 'config.json': '{ "PORT": 80 }' });
    expect(await loadConfig({ root: ok, schema: vschema, env: {} })).toEqual({ PORT: 80, HOST: 'localhost' });
  });

  test('arktype works the same way, unknown keys included', async () => {
    const root = await project({
      'config.json': '{ "PORT": 80, "HOTS": "x", "DB": { "URL": "sqlite:x", "POOLS": 1 } }',
    });
    const aschema = type({ PORT: 'number', 'HOST?': 'string', DB: { URL: 'string', 'POOL?': 'number' } });
    const error = await configError(loadConfig({ root, schema: aschema, env: {} }));
    expect(error.message).toBe(
      [
        'Invalid configuration (2 problems):',
        '  - HOTS (config.json): unknown key. Did you mean HOST?',
        '  - DB.POOLS (config.json): unknown key. Did you mean DB.POOL?',
      ].join('\n'),
    );
    const ok = await project({ 'config.json': '{ "PORT": 80, "DB": { "URL": "sqlite:x" } }' });
    expect(await loadConfig({ root: ok, schema: aschema, env: {} })).toEqual({
      PORT: 80,
      DB: { URL: 'sqlite:x' },
    });
  });

  test('records and loose objects accept any key', async () => {
    const root = await project({ 'config.json': '{ "FEATURES": { "anything": true }, "EXTRA": 1 }' });
    const schema = z.looseObject({ FEATURES: z.record(z.string(), z.boolean()) });
    expect(await loadConfig({ root, schema, env: {} })).toEqual({ FEATURES: { anything: true }, EXTRA: 1 });
  });

  test('any Standard Schema implementation works, async validation included', async () => {
    const root = await project({ 'config.json': '{ "PORT": 81 }' });
    const handmade: StandardSchemaV1<unknown, { PORT: number }> = {
      '~standard': {
        version: 1,
        vendor: 'handmade',
        validate: async (value) => {
          const port = (value as { PORT?: unknown }).PORT;
          return typeof port === 'number'
            ? { value: { PORT: port } }
            : { issues: [{ message: 'PORT must be a number', path: [{ key: 'PORT' }] }] };
        },
      },
    };
    expect(await loadConfig({ root, schema: handmade, env: {} })).toEqual({ PORT: 81 });
    const error = await configError(
      loadConfig({ root, schema: handmade, env: {}, overrides: { PORT: 'x' as never } }),
    );
    expect(error.message).toContain('PORT (overrides): PORT must be a number (found string "x").');
  });

  test('a schema that does not produce an object is refused', async () => {
    const root = await project();
    const error = await configError(loadConfig({ root, schema: z.any().transform(() => 1), env: {} }));
    expect(error.message).toContain('the schema must produce a plain object');
  });
});
