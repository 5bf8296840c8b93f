import * as v from 'valibot';
import { describe, expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import {
  type Config,
  type ConfigKey,
  type ConfigModule,
  defineConfig,
  explain,
  loadConfig,
  requireInProduction,
  reveal,
  watchConfig,
} from '../src/index.ts';

// These tests only compile: the functions are never called.
declare const root: string;

describe('inferred config types', () => {
  test('from a defaults object: widened, deeply readonly', () => {
    const load = () =>
      loadConfig({
        root,
        defaults: {
          SECRET_KEY: 'dev',
          DEBUG: false,
          PORT: 5000,
          HOSTS: ['localhost'],
          DB: { POOL: { MAX: 5 } },
        },
      });
    expectTypeOf<Awaited<ReturnType<typeof load>>>().toEqualTypeOf<{
      readonly SECRET_KEY: string;
      readonly DEBUG: boolean;
      readonly PORT: number;
      readonly HOSTS: readonly string[];
      readonly DB: { readonly POOL: { readonly MAX: number } };
    }>();
  });

  test('from a zod schema: its output type', () => {
    const schema = z.object({
      SECRET_KEY: z.string(),
      PORT: z.coerce.number().default(5000),
      DATABASE_URL: z.url().optional(),
      MODE: z.enum(['development', 'production']),
    });
    const load = () => loadConfig({ root, schema });
    expectTypeOf<Awaited<ReturnType<typeof load>>>().toEqualTypeOf<{
      readonly SECRET_KEY: string;
      readonly PORT: number;
      readonly DATABASE_URL?: string | undefined;
      readonly MODE: 'development' | 'production';
    }>();
  });

  test('from a valibot schema', () => {
    const schema = v.object({ PORT: v.optional(v.number(), 5000), NAME: v.string() });
    const load = () => loadConfig({ root, schema });
    expectTypeOf<Awaited<ReturnType<typeof load>>>().toEqualTypeOf<{
      readonly PORT: number;
      readonly NAME: string;
    }>();
  });

  test('without schema or defaults: an untyped record', () => {
    const load = () => loadConfig({ root });
    expectTypeOf<Awaited<ReturnType<typeof load>>>().toEqualTypeOf<{ readonly [key: string]: unknown }>();
  });

  test('no `any` leaks', () => {
    const load = () => loadConfig({ root, defaults: { A: 1 } });
    expectTypeOf<Awaited<ReturnType<typeof load>>['A']>().not.toBeAny();
  });
});

describe('typed options', () => {
  test('overrides are checked against the defaults but may add keys', () => {
    void (() => loadConfig({ root, defaults: { PORT: 1 }, overrides: { PORT: 2, TESTING: true } }));
    // @ts-expect-error PORT is a number
    void (() => loadConfig({ root, defaults: { PORT: 1 }, overrides: { PORT: 'x' } }));
  });

  test('overrides and defaults under a schema use its input type', () => {
    const schema = z.object({ PORT: z.number() });
    void (() => loadConfig({ root, schema, overrides: { PORT: 1 } }));
    // @ts-expect-error PORT is a number
    void (() => loadConfig({ root, schema, defaults: { PORT: '1' } }));
  });

  test('keys are dotted paths of the config', () => {
    type C = Config<{ SECRET_KEY: string; DB: { POOL: { MAX: number } }; HOSTS: string[] }>;
    expectTypeOf<ConfigKey<C>>().toEqualTypeOf<'SECRET_KEY' | 'DB' | 'DB.POOL' | 'DB.POOL.MAX' | 'HOSTS'>();
    const config = {} as C;
    void (() => explain(config, 'DB.POOL.MAX'));
    void (() => requireInProduction(config, ['SECRET_KEY']));
    // @ts-expect-error not a key
    void (() => explain(config, 'DB.POOL.MIN'));
  });

  test('reveal gives a mutable copy of the same shape', () => {
    const config = {} as Config<{ A: { B: string[] } }>;
    expectTypeOf(reveal(config)).toEqualTypeOf<{ A: { B: string[] } }>();
  });

  test('defineConfig types a config module, object or function', () => {
    const object = defineConfig({ DEBUG: true });
    expectTypeOf(object).toEqualTypeOf<ConfigModule<{ DEBUG: boolean }>>();
    defineConfig(({ mode, env }) => ({ DEBUG: mode === 'development', HOST: env.HOST ?? 'localhost' }));
    defineConfig<{ PORT?: number }>({ PORT: 1 });
    // @ts-expect-error PORT is a number
    defineConfig<{ PORT?: number }>({ PORT: '1' });
  });

  test('watchConfig passes the typed config to onChange', () => {
    void (() =>
      watchConfig({
        root,
        defaults: { PORT: 1 },
        onChange: (config, previous) => {
          expectTypeOf(config.PORT).toEqualTypeOf<number>();
          expectTypeOf(previous.PORT).toEqualTypeOf<number>();
        },
      }));
  });
});
