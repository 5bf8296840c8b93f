import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { getNamespace, isSecretKey, loadConfig, REDACTED, redactValue, reveal } from '../src/index.ts';
import { tempProjects } from './temp-project.ts';

const project = tempProjects();

async function secretConfig() {
  const root = await project({
    'instance/config.json': JSON.stringify({
      SECRET_KEY: 's3cr3t',
      DATABASE_URL: 'postgres://app:hunter2@db.internal:5432/app',
      MAIL: { SERVER: 'smtp.example.com', PASSWORD: 'mailpass', API_KEY: 'k-123' },
    }),
  });
  return loadConfig({
    root,
    defaults: {
      SECRET_KEY: 'dev',
      DATABASE_URL: 'sqlite:app.sqlite',
      DEBUG: false,
      MAIL: { SERVER: '', PASSWORD: '', API_KEY: '' },
      TOKEN_TTL: 3600,
      EMPTY_PASSWORD: '',
    },
    env: {},
  });
}

const redacted = {
  SECRET_KEY: '[redacted]',
  DATABASE_URL: 'postgres://app:[redacted]@db.internal:5432/app',
  DEBUG: false,
  MAIL: { SERVER: 'smtp.example.com', PASSWORD: '[redacted]', API_KEY: '[redacted]' },
  TOKEN_TTL: 3600,
  EMPTY_PASSWORD: '',
};

describe('redaction', () => {
  test('property access returns the real values', async () => {
    const config = await secretConfig();
    expect(config.SECRET_KEY).toBe('s3cr3t');
    expect(config.DATABASE_URL).toBe('postgres://app:hunter2@db.internal:5432/app');
    expect(config.MAIL.PASSWORD).toBe('mailpass');
  });

  test('JSON.stringify masks secrets, at every level', async () => {
    const config = await secretConfig();
    expect(JSON.parse(JSON.stringify(config))).toEqual(redacted);
    expect(JSON.stringify(config.MAIL)).toBe(
      '{"SERVER":"smtp.example.com","PASSWORD":"[redacted]","API_KEY":"[redacted]"}',
    );
    expect(JSON.stringify({ config })).not.toContain('s3cr3t');
  });

  test('util.inspect and console.log show redacted values', async () => {
    const config = await secretConfig();
    const inspected = inspect(config, { depth: 5 });
    expect(inspected).toContain("SECRET_KEY: '[redacted]'");
    expect(inspected).toContain('postgres://app:[redacted]@db.internal:5432/app');
    expect(inspected).not.toMatch(/s3cr3t|hunter2|mailpass|k-123/);
    let printed = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        printed += String(chunk);
        done();
      },
    });
    const console = new Console({ stdout: sink, stderr: sink, colorMode: false });
    console.log(config);
    console.log('%o', config.MAIL);
    console.info({ nested: { config } });
    expect(printed).toContain('[redacted]');
    expect(printed).not.toMatch(/s3cr3t|hunter2|mailpass|k-123/);
  });

  test('the hooks are not keys', async () => {
    const config = await secretConfig();
    expect(Object.keys(config)).toEqual([
      'SECRET_KEY',
      'DATABASE_URL',
      'DEBUG',
      'MAIL',
      'TOKEN_TTL',
      'EMPTY_PASSWORD',
    ]);
    expect(
      Object.getOwnPropertySymbols(config).every(
        (symbol) => !Object.getOwnPropertyDescriptor(config, symbol)?.enumerable,
      ),
    ).toBe(true);
    expect({ ...config }).not.toHaveProperty('toJSON');
  });

  test('reveal returns a plain, mutable copy with the real values', async () => {
    const config = await secretConfig();
    const plain = reveal(config);
    expect(JSON.parse(JSON.stringify(plain))).toMatchObject({
      SECRET_KEY: 's3cr3t',
      MAIL: { PASSWORD: 'mailpass' },
    });
    expect(inspect(plain)).toContain('s3cr3t');
    plain.SECRET_KEY = 'changed';
    expect(config.SECRET_KEY).toBe('s3cr3t');
  });

  test('the config is deeply frozen', async () => {
    const config = await secretConfig();
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.MAIL)).toBe(true);
    expect(() => {
      (config as { DEBUG: boolean }).DEBUG = true;
    }).toThrow(TypeError);
    const root = await project({ 'config.json': '{ "HOSTS": ["a", "b"] }' });
    const withArray = await loadConfig({ root, env: {} });
    expect(Object.isFrozen(withArray.HOSTS)).toBe(true);
  });

  test('namespaces stay redacted when printed', async () => {
    const config = await secretConfig();
    const mail = getNamespace(config.MAIL, '');
    expect(mail.password).toBe('mailpass');
    expect(JSON.stringify(mail)).toBe(
      '{"server":"smtp.example.com","password":"[redacted]","api_key":"[redacted]"}',
    );
    expect(inspect(mail)).not.toContain('mailpass');
  });

  test('URL credentials are masked anywhere, also in arrays', async () => {
    const root = await project({
      'config.json': JSON.stringify({
        REPLICAS: ['mysql://root:pw@a/db', 'mysql://b/db'],
        CACHE: 'redis://:pw@cache:6379/0',
      }),
    });
    const config = await loadConfig({ root, env: {} });
    expect(JSON.parse(JSON.stringify(config))).toEqual({
      REPLICAS: ['mysql://root:[redacted]@a/db', 'mysql://b/db'],
      CACHE: 'redis://:[redacted]@cache:6379/0',
    });
    expect(config.REPLICAS).toEqual(['mysql://root:pw@a/db', 'mysql://b/db']);
    expect(inspect(config.REPLICAS)).toBe("[ 'mysql://root:[redacted]@a/db', 'mysql://b/db' ]");
    expect(JSON.stringify(config.REPLICAS)).toBe('["mysql://root:[redacted]@a/db","mysql://b/db"]');
  });

  test('an array under a secret key is redacted whole, also on its own', async () => {
    const root = await project({ 'config.json': JSON.stringify({ API_KEYS: ['k1', 'k2'] }) });
    const config = await loadConfig({ root, env: {} });
    expect(JSON.stringify(config)).toBe('{"API_KEYS":"[redacted]"}');
    expect(JSON.stringify(config.API_KEYS)).toBe('"[redacted]"');
    expect(inspect(config.API_KEYS)).toBe('[redacted]');
    expect((config.API_KEYS as readonly string[])[0]).toBe('k1');
    expect(reveal(config).API_KEYS).toEqual(['k1', 'k2']);
  });
});

describe('what counts as a secret', () => {
  test.each([
    'SECRET_KEY',
    'API_KEY',
    'apiKey',
    'DB_PASSWORD',
    'password',
    'GITHUB_TOKEN',
    'accessToken',
    'AWS_SECRET_ACCESS_KEY',
    'MAIL_PASS',
    'PRIVATE_KEYS',
    'credentials',
    'APIKEY',
    'DB_PWD',
    'PASSWD',
    'API_TOKEN',
    'PRIVATE_KEY',
    'GOOGLE_CREDENTIALS',
    'SENTRY_DSN',
    'dsn',
  ])('%s is a secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  test.each([
    'KEYBOARD_LAYOUT',
    'MONKEY',
    'DEBUG',
    'PASSTHROUGH',
    'SECRETARY_NAME',
    'TOKENIZER',
    'DATABASE_URL',
    'DSNAME',
  ])('%s is not a secret', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });

  test('URL credentials', () => {
    const mask = (text: string) => redactValue('', text);
    expect(mask('postgres://user:pass@host/db')).toBe('postgres://user:[redacted]@host/db');
    expect(mask('https://ghp_token@github.com/x')).toBe('https://[redacted]@github.com/x');
    expect(mask('redis://:tok@cache:6379/0')).toBe('redis://:[redacted]@cache:6379/0');
    expect(mask('https://example.com/a@b')).toBe('https://example.com/a@b');
    expect(mask('sqlite:app.sqlite')).toBe('sqlite:app.sqlite');
  });

  test('query parameters named like secrets lose their values; others stay', () => {
    const mask = (text: string) => redactValue('WEBHOOK_URL', text);
    expect(mask('https://x.example/hook?token=abc')).toBe('https://x.example/hook?token=[redacted]');
    expect(mask('postgres://h/db?sslmode=require&password=pw&application_name=a')).toBe(
      'postgres://h/db?sslmode=require&password=[redacted]&application_name=a',
    );
    expect(mask('mysql://h/db?user=a&pwd=b#top')).toBe('mysql://h/db?user=a&pwd=[redacted]#top');
    expect(mask('https://x.example/?api%5Fkey=k1&page=2')).toBe(
      'https://x.example/?api%5Fkey=[redacted]&page=2',
    );
    expect(mask('https://x.example/?token=&page=2')).toBe('https://x.example/?token=&page=2');
    expect(mask('https://x.example/search?q=keyboard&monkey=1')).toBe(
      'https://x.example/search?q=keyboard&monkey=1',
    );
  });

  test('redactValue is the public rule: secret keys whole, URLs masked, numbers kept, at any depth', () => {
    expect(REDACTED).toBe('[redacted]');
    expect(redactValue('DB_PWD', 'hunter2')).toBe(REDACTED);
    expect(redactValue('SENTRY_DSN', 'https://abc@o1.ingest.example/1')).toBe(REDACTED);
    expect(redactValue('EMPTY_PASSWORD', '')).toBe('');
    expect(redactValue('TOKEN_TTL', 3600)).toBe(3600);
    expect(redactValue('DB', { URL: 'postgres://u:secret@h/db', PWD: 'x', PORT: 5432 })).toEqual({
      URL: 'postgres://u:[redacted]@h/db',
      PWD: REDACTED,
      PORT: 5432,
    });
    const value = { API_TOKEN: 't' };
    redactValue('', value);
    expect(value).toEqual({ API_TOKEN: 't' });
  });
});
