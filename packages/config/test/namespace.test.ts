import { describe, expect, expectTypeOf, test } from 'vitest';
import { getNamespace, loadConfig } from '../src/index.ts';
import { tempProjects } from './temp-project.ts';

const project = tempProjects();

describe('getNamespace', () => {
  async function mailConfig() {
    const root = await project();
    return loadConfig({
      root,
      defaults: {
        MAIL_SERVER: 'smtp.example.com',
        MAIL_PORT: 587,
        MAIL_USE_TLS: true,
        MAILBOX: 'x',
        DEBUG: false,
      },
      env: {},
    });
  }

  test('strips the prefix and lower-cases keys by default, like Flask', async () => {
    const mail = getNamespace(await mailConfig(), 'MAIL_');
    expect(mail).toEqual({ server: 'smtp.example.com', port: 587, use_tls: true });
    expectTypeOf(mail).toEqualTypeOf<{
      readonly server: string;
      readonly port: number;
      readonly use_tls: boolean;
    }>();
    expect(Object.isFrozen(mail)).toBe(true);
  });

  test('lowercase and trimNamespace can be turned off', async () => {
    const config = await mailConfig();
    const kept = getNamespace(config, 'MAIL_', { lowercase: false, trimNamespace: false });
    expect(kept).toEqual({ MAIL_SERVER: 'smtp.example.com', MAIL_PORT: 587, MAIL_USE_TLS: true });
    expectTypeOf(kept).toEqualTypeOf<{
      readonly MAIL_SERVER: string;
      readonly MAIL_PORT: number;
      readonly MAIL_USE_TLS: boolean;
    }>();
    const upper = getNamespace(config, 'MAIL_', { lowercase: false });
    expect(upper).toEqual({ SERVER: 'smtp.example.com', PORT: 587, USE_TLS: true });
    expectTypeOf(upper).toEqualTypeOf<{
      readonly SERVER: string;
      readonly PORT: number;
      readonly USE_TLS: boolean;
    }>();
  });

  test('an untyped config gives an index signature', async () => {
    const root = await project({ 'config.json': '{ "CACHE_TYPE": "redis", "CACHE_TTL": 60 }' });
    const cache = getNamespace(await loadConfig({ root, env: {} }), 'CACHE_');
    expect(cache).toEqual({ type: 'redis', ttl: 60 });
    expectTypeOf(cache).toEqualTypeOf<{ readonly [key: string]: unknown }>();
  });
});
