import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import {
  ConfigError,
  describe as describeConfig,
  explain,
  getNamespace,
  isSecretKey,
  loadConfig,
  REDACTED,
  redactValue,
  requireInProduction,
} from '../src/index.ts';
import { rejection, tempProjects } from './temp-project.ts';

const project = tempProjects();

// The examples of README.md, with the output it shows.
describe('README examples', () => {
  test('a broken instance/config.json', async () => {
    const root = await project({
      'instance/config.json': '{\n  "SECRET_KEY": "x",\n  "DEBUG": true,\n}\n',
    });
    const error = await rejection(loadConfig({ root, env: {} }));
    expect(String(error)).toBe(
      'ConfigError: Could not load configuration (1 problem):\n' +
        '  - instance/config.json:4:1: invalid JSON: Expected double-quoted property name.',
    );
  });

  test('the schema example and its three problems', async () => {
    const root = await project({
      'instance/config.ts': 'export default { DATABSE_URL: "postgres://flaskr:hunter2@db.internal/flaskr" };',
      'instance/.env': '# mail\n\nMAIL_PORT=five-eighty-seven\n',
    });
    const schema = z.object({
      SECRET_KEY: z.string().min(32),
      DATABASE_URL: z.string().default('sqlite:flaskr.sqlite'),
      DEBUG: z.boolean().default(false),
      MAIL_PORT: z.number().int().default(587),
    });
    const error = await rejection(
      loadConfig({ root, envPrefix: 'FLASKR', env: { FLASKR_SECRET_KEY: 's3cr3t' }, schema }),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toBe(
      [
        'ConfigError: Invalid configuration (3 problems):',
        '  - SECRET_KEY (env FLASKR_SECRET_KEY): Too small: expected string to have >=32 characters (found string "[redacted]").',
        '  - MAIL_PORT (instance/.env:3): Invalid input: expected number, received string (found string "five-eighty-seven").',
        '  - DATABSE_URL (instance/config.ts): unknown key. Did you mean DATABASE_URL?',
      ].join('\n'),
    );
  });

  test('the exported redaction rule', () => {
    expect(isSecretKey('DB_PWD')).toBe(true);
    expect(redactValue('DB_PWD', 'hunter2')).toBe(REDACTED);
    expect(redactValue('DATABASE_URL', 'postgres://app:hunter2@db/app')).toBe(
      'postgres://app:[redacted]@db/app',
    );
    expect(redactValue('WEBHOOK', 'https://hooks.example/x?token=abc')).toBe(
      'https://hooks.example/x?token=[redacted]',
    );
    expect(redactValue('MAIL', { SERVER: 'smtp', PASSWORD: 'pw' })).toEqual({
      SERVER: 'smtp',
      PASSWORD: REDACTED,
    });
  });

  test('explain, describe, getNamespace and the production guard', async () => {
    const root = await project({
      'instance/.env': 'SECRET_KEY=s3cr3t\n',
      'instance/config.ts':
        'export default { DATABASE_URL: "postgres://flaskr:hunter2@db.internal/flaskr" };',
    });
    const defaults = {
      SECRET_KEY: 'dev',
      DATABASE_URL: 'sqlite:flaskr.sqlite',
      DEBUG: false,
      DB: { POOL: { MAX: 5 } },
      MAIL_SERVER: 'smtp.example.com',
      MAIL_PORT: 587,
      MAIL_USE_TLS: true,
    };
    const config = await loadConfig({
      root,
      defaults,
      envPrefix: 'FLASKR',
      env: { FLASKR_DB__POOL__MAX: '10' },
    });
    expect(explain(config, 'DB.POOL.MAX')).toEqual([
      { key: 'DB.POOL.MAX', source: { kind: 'defaults', label: 'defaults' }, value: 5, redacted: false },
      {
        key: 'DB.POOL.MAX',
        source: { kind: 'env', name: 'FLASKR_DB__POOL__MAX', label: 'env FLASKR_DB__POOL__MAX' },
        value: 10,
        redacted: false,
      },
    ]);
    const lines = describeConfig(config).map(
      ({ key, value, source }) => `${key.padEnd(16)} ${String(value)} (${source.label})`,
    );
    expect(lines.slice(0, 3)).toEqual([
      'SECRET_KEY       [redacted] (instance/.env:1)',
      'DATABASE_URL     postgres://flaskr:[redacted]@db.internal/flaskr (instance/config.ts)',
      'DEBUG            false (defaults)',
    ]);
    expect(getNamespace(config, 'MAIL_')).toEqual({ server: 'smtp.example.com', port: 587, use_tls: true });
    const dev = await loadConfig({
      root: await project(),
      defaults,
      envPrefix: 'FLASKR',
      env: {},
      mode: 'production',
    });
    expect(() => requireInProduction(dev, ['SECRET_KEY'])).toThrow(
      'Configuration is not ready for production (1 problem):\n' +
        '  - SECRET_KEY (defaults): must be changed for production: it still has its default (development) value. Set it in the environment variable FLASKR_SECRET_KEY or the instance folder (instance/config.ts or instance/.env).',
    );
  });
});
