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

describe('request parity', () => {
  test('form and query keys named like Object.prototype members are data', async () => {
    const { app } = makeApp();
    app.route('/echo', { methods: ['GET', 'POST'] }, async function echo(c) {
      const form = await c.req.form();
      const query = c.req.query();
      return {
        form: Object.entries(form),
        query: Object.entries(query),
        toStringIsData: typeof form.toString !== 'function',
        protoKept: Object.getPrototypeOf(form) === null && Object.hasOwn(form, '__proto__'),
      };
    });
    const body = 'constructor=a&toString=b&valueOf=c&__proto__=d&title=t&hasOwnProperty=e';
    const res = await app.testClient().post(`/echo?${body}`, {
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const expected = [
      ['constructor', 'a'],
      ['toString', 'b'],
      ['valueOf', 'c'],
      ['__proto__', 'd'],
      ['title', 't'],
      ['hasOwnProperty', 'e'],
    ];
    expect(res.json()).toEqual({ form: expected, query: expected, toStringIsData: true, protoKept: true });
  });

  test('c.req.headers() gives every header; c.req.accepts() picks the best offer by q-value', async () => {
    const { app } = makeApp();
    app.get('/neg', function neg(c) {
      return {
        headers: c.req.headers(),
        pick: c.req.accepts('html', 'json'),
        pdf: c.req.accepts('application/pdf'),
      };
    });
    const ask = async (accept?: string) => {
      const headers: Record<string, string> = { 'x-one': '1', 'x-many': 'a' };
      if (accept !== undefined) headers.accept = accept;
      return (await app.testClient().get('/neg', { headers })).json<{
        headers: Record<string, string>;
        pick: string | null;
        pdf: string | null;
      }>();
    };
    const plain = await ask();
    expect(plain.headers).toMatchObject({ 'x-one': '1', 'x-many': 'a' });
    expect([plain.pick, plain.pdf]).toEqual(['html', 'application/pdf']);
    expect((await ask('application/json')).pick).toBe('json');
    expect((await ask('text/html;q=0.5, application/json;q=0.9')).pick).toBe('json');
    expect((await ask('application/json;q=0.5, text/*;q=0.8')).pick).toBe('html');
    expect((await ask('*/*;q=0.1, application/json')).pick).toBe('json');
    expect((await ask('*/*')).pick).toBe('html');
    expect((await ask('text/*, text/html;q=0, application/json;q=0.1')).pick).toBe('json');
    const none = await ask('image/png');
    expect([none.pick, none.pdf]).toEqual([null, null]);
    expect((await ask('garbage;;q=x, ,')).pick).toBeNull();
  });

  test('the test client reports the final URL after following redirects', async () => {
    const { app } = makeApp();
    app.get('/start', function start(c) {
      return c.redirect('middle');
    });
    app.get('/middle', function middle(c) {
      return c.redirect('/end?x=1');
    });
    app.get('/end', function end() {
      return 'end';
    });
    const client = app.testClient();
    const followed = await client.get('/start', { followRedirects: true });
    expect([followed.text, followed.url, followed.history]).toEqual([
      'end',
      'http://localhost/end?x=1',
      ['/start', '/middle'],
    ]);
    expect((await client.get('/start')).url).toBe('http://localhost/start');
  });
});

describe('c.redirect', () => {
  function redirectApp() {
    const made = makeApp();
    made.app.route('/to', { methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] }, function to(c) {
      const status = c.req.query('status');
      return c.redirect(c.req.query('next') ?? 'index', status ? Number(status) : undefined);
    });
    made.app.get('/', function index() {
      return 'home';
    });
    return made;
  }

  test('303 after POST, PUT, PATCH and DELETE; 302 after GET and HEAD; an explicit status wins', async () => {
    const { app } = redirectApp();
    const client = app.testClient();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect((await client.request(method, '/to')).status).toBe(303);
    }
    expect((await client.get('/to')).status).toBe(302);
    expect((await client.head('/to')).status).toBe(302);
    expect((await client.post('/to', { query: { status: 307 } })).status).toBe(307);
    expect((await client.get('/to', { query: { status: 301 } })).status).toBe(301);
  });

  test('non-ASCII is percent-encoded, %XX stays, unsafe ASCII is encoded', async () => {
    const { app } = redirectApp();
    const client = app.testClient();
    const location = async (next: string) => (await client.get('/to', { query: { next } })).location;
    expect(await location('/search?q=%E2%82%AC')).toBe('/search?q=%E2%82%AC');
    expect(await location('/search?q=€')).toBe('/search?q=%E2%82%AC');
    expect(await location('/straße/😀')).toBe('/stra%C3%9Fe/%F0%9F%98%80');
    expect(await location('/a b"<>\\^`{|}')).toBe('/a%20b%22%3C%3E%5C%5E%60%7B%7C%7D');
    expect(await location('/100%')).toBe('/100%25');
    expect(await location('https://example.com/x?a=1&b=2#f')).toBe('https://example.com/x?a=1&b=2#f');
  });

  test('CR, LF or NUL in the target is a 500 through the error handlers, never a split header', async () => {
    const { app, logged } = redirectApp();
    const handled: string[] = [];
    app.errorHandler(500, (error) => {
      handled.push(String((error as Error & { cause?: Error }).cause?.message));
      return ['oops', 500];
    });
    const client = app.testClient();
    for (const next of ['/a\r\nSet-Cookie: x=1', '/a\u0000b', '/a\nb']) {
      const res = await client.get('/to', { query: { next } });
      expect(res.status).toBe(500);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    expect(handled[0]).toMatch(
      /^Refusing to redirect to "\/a\\r\\nSet-Cookie: x=1": it contains the control character U\+000D at index 2\./,
    );
    expect(logged).toHaveLength(3);
  });
});
