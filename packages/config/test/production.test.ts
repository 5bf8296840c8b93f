import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig, requireInProduction } from '../src/index.ts';
import { tempProjects } from './temp-project.ts';

const project = tempProjects();
const defaults = { SECRET_KEY: 'dev', DATABASE_URL: 'sqlite:app.sqlite', MAIL: { PASSWORD: '' } };

describe('requireInProduction', () => {
  test('does nothing outside production', async () => {
    const root = await project();
    const config = await loadConfig({ root, defaults, env: {}, mode: 'development' });
    expect(requireInProduction(config, ['SECRET_KEY', 'MAIL.PASSWORD'])).toBe(config);
  });

  test('in production, a key still at its default or empty is a clear start-up error', async () => {
    const root = await project({ 'instance/.env': 'DATABASE_URL=postgres://db/app' });
    const config = await loadConfig({
      root,
      defaults,
      envPrefix: 'FLASKR',
      env: { FLAGON_ENV: 'production' },
    });
    let error: unknown;
    try {
      requireInProduction(config, ['SECRET_KEY', 'DATABASE_URL', 'MAIL.PASSWORD']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('config_production');
    expect((error as ConfigError).message).toBe(
      [
        'Configuration is not ready for production (2 problems):',
        '  - SECRET_KEY (defaults): must be changed for production: it still has its default (development) value. Set it in the environment variable FLASKR_SECRET_KEY or the instance folder (instance/config.ts or instance/.env).',
        '  - MAIL.PASSWORD: must be set in production. Set it in the environment variable FLASKR_MAIL__PASSWORD or the instance folder (instance/config.ts or instance/.env).',
      ].join('\n'),
    );
  });

  test('passes once the values come from the instance folder, env or overrides', async () => {
    const root = await project({ 'instance/config.json': '{ "SECRET_KEY": "long-random" }' });
    const config = await loadConfig({
      root,
      defaults,
      envPrefix: 'FLASKR',
      env: { FLASKR_MAIL__PASSWORD: 'x' },
      mode: 'production',
    });
    expect(requireInProduction(config, ['SECRET_KEY', 'MAIL.PASSWORD'])).toBe(config);
  });

  test('the mode can be forced, e.g. to check a production config from a script', async () => {
    const root = await project();
    const config = await loadConfig({ root, defaults, env: {} });
    expect(() => requireInProduction(config, ['SECRET_KEY'], { mode: 'production' })).toThrow(
      'SECRET_KEY (defaults): must be changed for production',
    );
  });
});
