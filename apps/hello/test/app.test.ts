import { describe, expect, expectTypeOf, test } from 'vitest';
import { createApp, type Signature, sayHello } from '../app.ts';
import { helloSuite } from './suite.ts';

describe('hello', () => {
  helloSuite(async () => (await createApp()).testClient());

  test('the JSON greeting comes from config, overridden by createApp()', async () => {
    const app = await createApp({ GREETING: 'Howdy' });
    expect((await app.testClient().get('/api/greeting/Ada')).json()).toEqual({ greeting: 'Howdy, Ada!' });
  });

  test('environment variables override config.ts', async () => {
    process.env.HELLO_GREETING = 'Ahoy';
    try {
      const app = await createApp();
      expect((await app.testClient().get('/api/greeting/Bo')).json()).toEqual({ greeting: 'Ahoy, Bo!' });
    } finally {
      delete process.env.HELLO_GREETING;
    }
  });

  test('the form data is typed', async () => {
    const result = await sayHello.parse({ name: 'Ada', email: 'ada@example.com', age: '36' });
    if (result.ok) expectTypeOf(result.data).toEqualTypeOf<Signature>();
    expect(result.data).toEqual({ name: 'Ada', email: 'ada@example.com', age: 36 });
  });
});
