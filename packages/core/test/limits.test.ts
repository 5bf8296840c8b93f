import { type ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG, Flagon, SetupError } from '../src/index.ts';

function makeApp(config: Record<string, unknown> = {}) {
  const app = new Flagon({ staticFolder: null, config });
  app.post('/form', async function form(c) {
    return { n: Object.keys(await c.req.form()).length };
  });
  app.post('/json', async function json(c) {
    return { got: typeof (await c.req.json()) };
  });
  app.post('/text', async function text(c) {
    return { length: (await c.req.text()).length };
  });
  return app;
}

/** A body that arrives in chunks with no Content-Length, counting what was pulled. */
function chunkedBody(total: number, first = '') {
  const state = { pulled: 0 };
  const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!started && first) {
        started = true;
        controller.enqueue(new TextEncoder().encode(first));
        return;
      }
      if (state.pulled >= total) return controller.close();
      state.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, state };
}

function post(app: Flagon, path: string, body: BodyInit, type: string) {
  return app.fetch(
    new Request(`http://localhost${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': type },
      duplex: 'half',
    } as RequestInit),
  );
}

/** POSTs a FormData as multipart, encoded as fetch encodes it. */
async function postForm(app: Flagon, path: string, data: FormData) {
  const encoded = new Response(data);
  return post(app, path, await encoded.arrayBuffer(), encoded.headers.get('content-type') as string);
}

describe('body limits, on by default', () => {
  test('defaults: 1 MiB bodies, 500,000-byte fields, 1,000 parts, 16 MiB of files, no overall cap', () => {
    expect(DEFAULT_CONFIG.MAX_BODY_SIZE).toBe(1024 * 1024);
    expect(DEFAULT_CONFIG.MAX_FORM_MEMORY_SIZE).toBe(500_000);
    expect(DEFAULT_CONFIG.MAX_FORM_PARTS).toBe(1000);
    expect(DEFAULT_CONFIG.MAX_UPLOAD_SIZE).toBe(16 * 1024 * 1024);
    expect(DEFAULT_CONFIG.MAX_CONTENT_LENGTH).toBeNull();
  });

  test('a chunked JSON body over MAX_BODY_SIZE is a 413 naming the key, and the rest is never read', async () => {
    const app = makeApp();
    const { stream, state } = chunkedBody(20 * 1024 * 1024);
    const res = await post(app, '/json', stream, 'application/json');
    expect(res.status).toBe(413);
    const text = await res.text();
    expect(text).toContain('MAX_BODY_SIZE (1048576 bytes)');
    expect(text).toContain('Raise MAX_BODY_SIZE');
    expect(state.pulled).toBeLessThan(2 * 1024 * 1024);
  });

  test('an urlencoded form and text() are capped by MAX_BODY_SIZE; raising the key accepts more', async () => {
    const small = makeApp({ MAX_BODY_SIZE: 100 });
    const form = await post(small, '/form', `a=${'x'.repeat(200)}`, 'application/x-www-form-urlencoded');
    expect([form.status, (await form.text()).includes('MAX_BODY_SIZE (100 bytes)')]).toEqual([413, true]);
    expect((await post(small, '/text', 'y'.repeat(101), 'text/plain')).status).toBe(413);
    expect((await post(small, '/text', 'y'.repeat(100), 'text/plain')).status).toBe(200);
    const raised = makeApp({ MAX_BODY_SIZE: 4 * 1024 * 1024 });
    const big = await post(raised, '/json', JSON.stringify('z'.repeat(2 * 1024 * 1024)), 'application/json');
    expect(big.status).toBe(200);
  });

  test('the smaller of MAX_CONTENT_LENGTH and MAX_BODY_SIZE is the one named', async () => {
    const app = makeApp({ MAX_CONTENT_LENGTH: 50, MAX_BODY_SIZE: 1000 });
    const res = await post(app, '/text', 'y'.repeat(60), 'text/plain');
    expect((await res.text()).includes('MAX_CONTENT_LENGTH (50 bytes)')).toBe(true);
  });

  test('an urlencoded field over MAX_FORM_MEMORY_SIZE and more fields than MAX_FORM_PARTS are 413s', async () => {
    const app = makeApp({ MAX_FORM_MEMORY_SIZE: 10, MAX_FORM_PARTS: 3 });
    const field = await post(
      app,
      '/form',
      `ok=1&title=${'t'.repeat(11)}`,
      'application/x-www-form-urlencoded',
    );
    expect(field.status).toBe(413);
    expect(await field.text()).toContain(
      'The form field &quot;title&quot; is over MAX_FORM_MEMORY_SIZE (10 bytes)',
    );
    const parts = await post(app, '/form', 'a=1&b=2&c=3&d=4', 'application/x-www-form-urlencoded');
    expect(parts.status).toBe(413);
    expect(await parts.text()).toContain('MAX_FORM_PARTS (3 parts)');
    const fine = await post(app, '/form', 'a=1&b=2&&c=3&', 'application/x-www-form-urlencoded');
    expect(await fine.json()).toEqual({ n: 3 });
  });

  test('multipart: a text field over MAX_FORM_MEMORY_SIZE is refused while streaming; files are not capped by it', async () => {
    const app = makeApp({ MAX_FORM_MEMORY_SIZE: 1000 });
    const boundary = 'XyZ';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\n`;
    const { stream, state } = chunkedBody(20 * 1024 * 1024, head);
    const res = await post(app, '/form', stream, `multipart/form-data; boundary=${boundary}`);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain(
      'The form field &quot;note&quot; is over MAX_FORM_MEMORY_SIZE (1000 bytes)',
    );
    expect(state.pulled).toBeLessThan(1024 * 1024);
    const data = new FormData();
    data.append('note', 'short');
    data.append('file', new File([new Uint8Array(5000)], 'a.bin'));
    const noBoundary = await post(app, '/form', 'x', 'multipart/form-data');
    expect([noBoundary.status, await noBoundary.text()]).toEqual([
      400,
      expect.stringContaining('has no boundary'),
    ]);
    const ok = await postForm(app, '/form', data);
    expect(await ok.json()).toEqual({ n: 2 });
  });

  test('reading a multipart body again after formData() is a clear error, not a locked-stream TypeError', async () => {
    const app = new Flagon({ staticFolder: null, logger: { debug() {}, info() {}, warn() {}, error() {} } });
    const seen: string[] = [];
    app.post('/twice', async function twice(c) {
      await c.req.formData();
      try {
        await c.req.bytes();
      } catch (error) {
        seen.push((error as Error).message);
      }
      return 'ok';
    });
    const data = new FormData();
    data.append('a', '1');
    const encoded = new Response(data);
    await post(app, '/twice', await encoded.arrayBuffer(), encoded.headers.get('content-type') as string);
    expect(seen).toEqual([expect.stringContaining('already read as a multipart form by c.req.formData()')]);
  });

  test('multipart: names and filenames as browsers send them; a truncated or nameless part is a 400', async () => {
    const app = new Flagon({ staticFolder: null });
    app.post('/up', async function up(c) {
      const data = await c.req.formData();
      const file = data.get('f') as File;
      return { note: data.get('say hi'), name: file.name, type: file.type, text: await file.text() };
    });
    const data = new FormData();
    data.append('say hi', 'héllo\r\nthere');
    data.append('f', new File(['a\r\n--not-a-boundary'], 'résumé ü.txt', { type: 'text/plain' }));
    const encoded = new Response(data);
    const type = encoded.headers.get('content-type') as string;
    const bytes = new Uint8Array(await encoded.arrayBuffer());
    const ok = await post(app, '/up', bytes, type);
    expect(await ok.json()).toEqual({
      note: 'héllo\r\nthere',
      name: 'résumé ü.txt',
      type: 'text/plain',
      text: 'a\r\n--not-a-boundary',
    });
    const truncated = await post(app, '/up', bytes.slice(0, bytes.byteLength - 10), type);
    expect([truncated.status, await truncated.text()]).toEqual([
      400,
      expect.stringContaining('ended before the closing boundary'),
    ]);
    const nameless = await post(
      app,
      '/up',
      '--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--',
      'multipart/form-data; boundary=b',
    );
    expect([nameless.status, await nameless.text()]).toEqual([
      400,
      expect.stringContaining('a part has no name'),
    ]);
  });

  test('multipart: files over MAX_UPLOAD_SIZE, one or several together, are a 413 found while streaming', async () => {
    const boundary = 'UpL';
    const filePart = (name: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}.bin"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n';
    // By default: a 40 MB file in a chunked body stops being read soon after 16 MiB.
    const big = chunkedBody(40 * 1024 * 1024, filePart('photo'));
    const res = await post(makeApp(), '/form', big.stream, `multipart/form-data; boundary=${boundary}`);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain(
      'The upload, at file &quot;photo.bin&quot;, is over MAX_UPLOAD_SIZE (16777216 bytes)',
    );
    expect(big.state.pulled).toBeLessThan(17 * 1024 * 1024);
    // The cap counts every file of the form: two files of 600 bytes are over 1,000.
    const app = makeApp({ MAX_UPLOAD_SIZE: 1000 });
    const two = new FormData();
    two.append('a', new File([new Uint8Array(600)], 'a.bin'));
    two.append('b', new File([new Uint8Array(600)], 'b.bin'));
    const refused = await postForm(app, '/form', two);
    expect([refused.status, await refused.text()]).toEqual([
      413,
      expect.stringContaining('MAX_UPLOAD_SIZE (1000 bytes)'),
    ]);
    // Text fields do not count toward it; one file under it is accepted; null turns it off.
    const fine = new FormData();
    fine.append('note', 'x'.repeat(5000));
    fine.append('a', new File([new Uint8Array(900)], 'a.bin'));
    const accepted = await postForm(app, '/form', fine);
    expect(await accepted.json()).toEqual({ n: 2 });
    const unlimited = await postForm(makeApp({ MAX_UPLOAD_SIZE: null }), '/form', two);
    expect(await unlimited.json()).toEqual({ n: 2 });
  });

  test('multipart: more parts than MAX_FORM_PARTS is a 413', async () => {
    const app = makeApp({ MAX_FORM_PARTS: 2 });
    const data = new FormData();
    for (const name of ['a', 'b', 'c']) data.append(name, name);
    const res = await postForm(app, '/form', data);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('The form is over MAX_FORM_PARTS (2 parts)');
  });

  test('a bad limit value is a SetupError naming the key, at listen or at the first request', async () => {
    for (const [key, value] of [
      ['MAX_BODY_SIZE', '1mb'],
      ['MAX_FORM_PARTS', -1],
      ['MAX_FORM_MEMORY_SIZE', 1.5],
      ['MAX_CONTENT_LENGTH', '100'],
      ['MAX_UPLOAD_SIZE', '16mb'],
    ] as const) {
      const app = makeApp({ [key]: value });
      expect(() => app.checkProductionReady()).toThrow(SetupError);
      expect(() => app.checkProductionReady()).toThrow(
        new RegExp(`Config key ${key} must be a whole number`),
      );
      await expect(async () => app.fetch(new Request('http://localhost/form'))).rejects.toThrow(key);
    }
    expect((await makeApp({ MAX_BODY_SIZE: null }).request('/form', { method: 'POST' })).status).toBe(200);
  });
});

describe('a refused body on a real server', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill();
  });

  test('a chunked 20 MB urlencoded POST is a 413 naming MAX_BODY_SIZE, and the server does not grow by it', async () => {
    child = spawn(
      process.execPath,
      ['--expose-gc', join(import.meta.dirname, 'fixtures', 'limits-server.ts')],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child?.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /LISTENING (\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child?.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child?.on('exit', () => reject(new Error(`server exited early: ${output}`)));
    });
    const memory = async () =>
      (await (await fetch(`${url}/memory`)).json()) as { heapUsed: number; rss: number; peakRss: number };
    const login = await fetch(`${url}/auth/login`, {
      method: 'POST',
      body: new URLSearchParams({ username: 'a', password: 'b' }),
    });
    expect(await login.json()).toEqual({ fields: 2 });
    const before = await memory();
    const { status, body } = await sendChunked(`${url}/auth/login`, 20 * 1024 * 1024);
    const after = await memory();
    expect(status).toBe(413);
    expect(body).toContain('MAX_BODY_SIZE (1048576 bytes)');
    // Generous margins: the refused body is 20 MB; what stays must be far less than that.
    expect(after.heapUsed - before.heapUsed).toBeLessThan(8 * 1024 * 1024);
    expect(after.rss - before.rss).toBeLessThan(10 * 1024 * 1024);
    expect(after.peakRss - before.peakRss).toBeLessThan(10 * 1024 * 1024);
    const again = await fetch(`${url}/auth/login`, { method: 'POST', body: new URLSearchParams({ a: '1' }) });
    expect(await again.json()).toEqual({ fields: 1 });
  });
});

/** POSTs `size` bytes of urlencoded form with chunked transfer encoding; resolves with the answer. */
function sendChunked(url: string, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' },
    });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    req.write('username=');
    const pump = () => {
      while (!answered && sent < size) {
        sent += chunk.byteLength;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}
