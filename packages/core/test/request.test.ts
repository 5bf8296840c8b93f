import { describe, expect, test } from 'vitest';
import { Flagon } from '../src/index.ts';

function makeApp(config: Record<string, unknown> = {}) {
  const logged: unknown[][] = [];
  const logger = { debug() {}, info() {}, warn() {}, error: (...args: unknown[]) => logged.push(args) };
  const app = new Flagon({ staticFolder: null, config, logger });
  return { app, logged };
}

describe('view results', () => {
  test('a string is HTML, an object or array is JSON, a tuple sets status and headers, a Response passes', async () => {
    const { app } = makeApp();
    app.get('/html', function html() {
      return '<p>hi</p>';
    });
    app.get('/obj', function obj() {
      return { a: 1 };
    });
    app.get('/arr', function arr() {
      return [1, 2, 3];
    });
    app.get('/tuple', function tuple() {
      return ['created', 201, { 'x-thing': 'yes' }];
    });
    app.get('/tuple-json', function tupleJson() {
      return [{ error: 'nope' }, 422];
    });
    app.get('/res', function res() {
      return new Response('raw', { status: 202 });
    });
    let r = await app.request('/html');
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await r.text()).toBe('<p>hi</p>');
    r = await app.request('/obj');
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(await r.json()).toEqual({ a: 1 });
    expect(await (await app.request('/arr')).json()).toEqual([1, 2, 3]);
    r = await app.request('/tuple');
    expect([r.status, r.headers.get('x-thing'), await r.text()]).toEqual([201, 'yes', 'created']);
    r = await app.request('/tuple-json');
    expect([r.status, await r.json()]).toEqual([422, { error: 'nope' }]);
    expect((await app.request('/res')).status).toBe(202);
  });

  test('a view returning nothing is a 500 that names the endpoint in the log; no stack leaks outside debug', async () => {
    const { app, logged } = makeApp();
    app.get('/oops', function oops() {
      return undefined as unknown as string;
    });
    const r = await app.request('/oops');
    expect(r.status).toBe(500);
    const body = await r.text();
    expect(body).toContain('Internal Server Error');
    expect(body).not.toContain('at ');
    expect(String(logged[0]?.[1])).toContain(
      'The view function for "oops" did not return a valid response: it returned undefined',
    );
  });

  test('an async generator or a generator of strings and bytes is streamed, as HTML by default', async () => {
    const { app } = makeApp();
    app.get('/async', async function* asyncRows() {
      yield '<ul>';
      for (const n of [1, 2]) {
        await Promise.resolve();
        yield `<li>${n}</li>`;
      }
      yield new TextEncoder().encode('</ul>');
    });
    app.get('/sync', function* syncRows() {
      yield 'a';
      yield '';
      yield 'é';
    });
    app.get('/csv', function csv() {
      return [
        (async function* () {
          yield 'id\n1\n';
        })(),
        201,
        { 'content-type': 'text/csv' },
      ];
    });
    let r = await app.request('/async');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.body).toBeInstanceOf(ReadableStream);
    expect(await r.text()).toBe('<ul><li>1</li><li>2</li></ul>');
    expect(await (await app.request('/sync')).text()).toBe('aé');
    r = await app.request('/csv');
    expect([r.status, r.headers.get('content-type'), await r.text()]).toEqual([201, 'text/csv', 'id\n1\n']);
  });

  test('an unsupported value is a 500 whose message names its type and the endpoint', async () => {
    const { app, logged } = makeApp();
    app.get('/map', function mapView() {
      return new Map([['a', 1]]) as unknown as string;
    });
    app.get('/bare', function bare() {
      return Object.create({ constructor: { name: '' } }) as unknown as string;
    });
    app.get('/chunks', async function* chunks() {
      yield 'ok';
      yield 42 as unknown as string;
    });
    expect((await app.request('/map')).status).toBe(500);
    expect(String(logged[0]?.[1])).toContain(
      'The view function for "mapView" did not return a valid response: it returned an instance of Map.',
    );
    expect((await app.request('/bare')).status).toBe(500);
    expect(String(logged[1]?.[1])).toContain('it returned an instance of Object.');
    const r = await app.request('/chunks');
    await expect(r.text()).rejects.toThrow(
      'The view function for "chunks" streamed a number (42) after 1 chunk(s): yield strings or Uint8Array chunks.',
    );
  });

  test('in debug mode the 500 page shows the error and the stack', async () => {
    const { app } = makeApp({ DEBUG: true });
    app.get('/boom', function boom() {
      throw new Error('kaboom <b>');
    });
    const r = await app.request('/boom');
    expect(r.status).toBe(500);
    const body = await r.text();
    expect(body).toContain('kaboom &lt;b&gt;');
    expect(body).toContain('Traceback');
    expect(body).toContain('request.test.ts');
  });

  test('the server keeps serving after an error', async () => {
    const { app } = makeApp();
    app.get('/boom', function boom() {
      throw new Error('x');
    });
    app.get('/ok', function ok() {
      return 'fine';
    });
    expect((await app.request('/boom')).status).toBe(500);
    expect(await (await app.request('/ok')).text()).toBe('fine');
  });
});

describe('bodies', () => {
  const { app } = makeApp({ MAX_CONTENT_LENGTH: 1024 });
  app.post('/json', async function json(c) {
    return { got: await c.req.json() };
  });
  app.post('/form', async function form(c) {
    return { got: await c.req.form() };
  });
  app.post('/all', async function all(c) {
    return { tags: (await c.req.formData()).getAll('tag') };
  });
  app.get('/query', function query(c) {
    return { q: c.req.query('q'), all: c.req.query(), many: c.req.queries('t') };
  });

  test('JSON bodies parse; malformed JSON is a 400 naming the problem; the wrong type is a 415', async () => {
    const client = app.testClient();
    expect((await client.post('/json', { json: { a: 1 } })).json()).toEqual({ got: { a: 1 } });
    const bad = await client.post('/json', {
      body: '{"a":',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(
      /^Failed to decode JSON object: /,
    );
    const wrongType = await client.post('/json', { body: '{}', headers: { 'content-type': 'text/plain' } });
    expect(wrongType.status).toBe(415);
    expect(wrongType.text).toContain('Content-Type was not');
  });

  test('urlencoded and multipart forms; repeated fields; a non-form body gives an empty form', async () => {
    const client = app.testClient();
    expect((await client.post('/form', { form: { title: 'Hi & bye', body: 'x' } })).json()).toEqual({
      got: { title: 'Hi & bye', body: 'x' },
    });
    const multipart = await client.post('/form', {
      form: { title: 't', file: new Blob(['abc'], { type: 'text/plain' }) },
    });
    expect(multipart.json<{ got: Record<string, unknown> }>().got.title).toBe('t');
    const all = await client.post('/all', {
      body: 'tag=a&tag=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(all.json()).toEqual({ tags: ['a', 'b'] });
    expect(
      (await client.post('/form', { body: 'x', headers: { 'content-type': 'text/plain' } })).json(),
    ).toEqual({ got: {} });
    const broken = await client.post('/form', {
      body: '--zz\r\nbroken',
      headers: { 'content-type': 'multipart/form-data; boundary=zz' },
    });
    expect(broken.status).toBe(400);
    expect(broken.text).toContain('multipart form body could not be parsed');
  });

  test('query strings', async () => {
    const r = await app.testClient().get('/query?q=a%20b&t=1&t=2');
    expect(r.json()).toEqual({ q: 'a b', all: { q: 'a b', t: '1' }, many: ['1', '2'] });
  });

  test('a body over MAX_CONTENT_LENGTH is a 413, by header or while streaming', async () => {
    const client = app.testClient();
    const big = await client.post('/form', { form: { data: 'x'.repeat(2000) } });
    expect(big.status).toBe(413);
    expect(big.text).toContain('MAX_CONTENT_LENGTH (1024 bytes)');
    let sent = 0;
    const stream = new ReadableStream({
      pull(controller) {
        sent += 256;
        if (sent > 64 * 1024) controller.close();
        else controller.enqueue(new TextEncoder().encode('x'.repeat(256)));
      },
    });
    const chunked = await app.fetch(
      new Request('http://localhost/json', {
        method: 'POST',
        body: stream,
        headers: { 'content-type': 'application/json' },
        duplex: 'half',
      } as RequestInit),
    );
    expect(chunked.status).toBe(413);
    expect(sent).toBeLessThan(64 * 1024);
  });
});

describe('context helpers', () => {
  test('c.g is per request, c.redirect takes endpoints or URLs, c.header and c.after add to the response', async () => {
    const { app } = makeApp();
    app.beforeRequest((c) => {
      c.g.seen = (c.g.seen as number | undefined) ?? 0;
    });
    app.get('/', function index(c) {
      c.g.seen = (c.g.seen as number) + 1;
      c.header('x-seen', String(c.g.seen));
      c.after((res) => {
        res.headers.set('x-after', 'yes');
        return res;
      });
      return 'home';
    });
    app.get('/go', function go(c) {
      return c.redirect('index');
    });
    app.get('/away', function away(c) {
      return c.redirect('https://example.com/x', 301);
    });
    for (let i = 0; i < 2; i++) {
      const r = await app.request('/');
      expect([r.headers.get('x-seen'), r.headers.get('x-after')]).toEqual(['1', 'yes']);
    }
    expect((await app.request('/go')).headers.get('location')).toBe('/');
    const away = await app.request('/away');
    expect([away.status, away.headers.get('location')]).toEqual([301, 'https://example.com/x']);
  });

  test('plain and signed cookies; a tampered signed cookie reads as missing', async () => {
    const { app } = makeApp({ SECRET_KEY: 'k'.repeat(32) });
    app.get('/set', async function set(c) {
      c.setCookie('plain', 'a b');
      await c.setSignedCookie('signed', 'v1');
      return 'ok';
    });
    app.get('/get', async function get(c) {
      return { plain: c.cookie('plain') ?? null, signed: (await c.signedCookie('signed')) ?? null };
    });
    const client = app.testClient();
    await client.get('/set');
    expect((await client.get('/get')).json()).toEqual({ plain: 'a b', signed: 'v1' });
    client.setCookie('signed', `${client.cookie('signed')}x`);
    expect((await client.get('/get')).json()).toEqual({ plain: 'a b', signed: null });
  });

  test('c.render without a template extension is a clear error', async () => {
    const { app, logged } = makeApp();
    app.get('/', function index(c) {
      return c.render('index.html');
    });
    expect((await app.request('/')).status).toBe(500);
    expect(String(logged[0]?.[1])).toContain('needs a template renderer, and none is registered');
  });
});

describe('uploads over the limit', () => {
  test('a multipart upload over MAX_CONTENT_LENGTH is a 413 and nothing fails in the background', async () => {
    const { app } = makeApp({ MAX_CONTENT_LENGTH: 4096 });
    const saved: string[] = [];
    app.post('/upload', async function upload(c) {
      const data = await c.req.formData();
      saved.push(String(data.get('name')));
      return 'saved';
    });
    const client = app.testClient();
    const res = await client.post('/upload', {
      form: { name: 'big', f: new File([new Uint8Array(5000)], 'a.bin') },
    });
    expect(res.status).toBe(413);
    expect(saved).toEqual([]);
    const small = await client.post('/upload', {
      form: { name: 'small', f: new File([new Uint8Array(10)], 'a.bin') },
    });
    expect(small.status).toBe(200);
    expect(saved).toEqual(['small']);
  });
});
