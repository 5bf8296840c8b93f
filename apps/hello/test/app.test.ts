import { describe, expect, test } from 'vitest';
import { createApp } from '../app.ts';

describe('hello', () => {
  test('the index page renders through the layout, with escaped names', async () => {
    const app = await createApp();
    const client = app.testClient();
    const index = await client.get('/');
    expect(index.status).toBe(200);
    expect(index.text).toContain('<title>World - Flagon</title>');
    expect(index.text).toContain('<h1>Hello, World!</h1>');
    expect(index.text).toContain('href="/static/style.css"');
    const hostile = await client.get('/hello/%3Cscript%3E');
    expect(hostile.text).toContain('&lt;script&gt;');
    expect(hostile.text).not.toContain('<script>');
  });

  test('JSON routes, with typed int params and a 404 for bad ones', async () => {
    const app = await createApp({ GREETING: 'Howdy' });
    const client = app.testClient();
    expect((await client.get('/api/greeting/Ada')).json()).toEqual({ greeting: 'Howdy, Ada!' });
    expect((await client.get('/api/square/12')).json()).toEqual({ n: 12, square: 144 });
    expect((await client.get('/api/square/twelve')).status).toBe(404);
  });

  test('the session counts visits and flashes a message', async () => {
    const app = await createApp();
    const client = app.testClient();
    await client.post('/visits');
    const page = await client.post('/visits', { followRedirects: true });
    expect(page.text).toContain('Visit number 2.');
    expect(await client.session()).toMatchObject({ visits: 2 });
  });

  test('static files are served', async () => {
    const app = await createApp();
    const res = await app.testClient().get('/static/style.css');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
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
});
