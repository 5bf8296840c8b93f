import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { Flagon } from '../src/index.ts';
import { listen, type RunningServer, sendFile } from '../src/node.ts';

let root: string;
let server: RunningServer;
let secretFile: string;
let releaseSecond: () => void = () => {};
const streamFinished: string[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'flagon-static-'));
  mkdirSync(join(root, 'static', 'css'), { recursive: true });
  writeFileSync(join(root, 'static', 'css', 'style.css'), 'body { color: red; }\n');
  writeFileSync(join(root, 'static', 'big.txt'), '0123456789'.repeat(100_000));
  writeFileSync(join(root, 'static', 'a file.txt'), 'spaced');
  writeFileSync(join(root, 'static', '.env'), 'SECRET_KEY=top secret');
  mkdirSync(join(root, 'static', '.git'));
  writeFileSync(join(root, 'static', '.git', 'config'), 'top secret remote');
  writeFileSync(join(root, 'static', 'css', '.hidden.css'), 'top secret css');
  secretFile = join(root, 'secret.txt');
  writeFileSync(secretFile, 'top secret');
  symlinkSync(secretFile, join(root, 'static', 'escape.txt'));
  utimesSync(join(root, 'static', 'css', 'style.css'), new Date('2024-01-01'), new Date('2024-01-01'));
  const app = new Flagon({
    root,
    config: { SEND_FILE_MAX_AGE_DEFAULT: 3600, SECRET_KEY: 'a-long-enough-production-secret-key' },
  });
  app.get('/download', function download(c) {
    return sendFile(c, secretFile, { downloadName: 'report 1.txt' });
  });
  app.get('/stream', async function* streamed() {
    try {
      yield 'first;';
      await new Promise<void>((resolve) => {
        releaseSecond = resolve;
      });
      yield 'second';
    } finally {
      streamFinished.push('streamed');
    }
  });
  app.get('/broken-stream', async function* broken() {
    yield 'partial;';
    await new Promise((resolve) => setTimeout(resolve, 10));
    throw new Error('database went away');
  });
  server = await listen(app, { port: 0, handleSignals: false });
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('static files on a real server', () => {
  test('served with content type, ETag, Last-Modified and Cache-Control from config', async () => {
    const r = await fetch(`${server.url}/static/css/style.css`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(r.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(r.headers.get('last-modified')).toBe('Mon, 01 Jan 2024 00:00:00 GMT');
    expect(r.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(await r.text()).toBe('body { color: red; }\n');
    expect(await (await fetch(`${server.url}/static/a%20file.txt`)).text()).toBe('spaced');
  });

  test('304 for If-None-Match and If-Modified-Since', async () => {
    const first = await fetch(`${server.url}/static/css/style.css`);
    const etag = first.headers.get('etag') as string;
    await first.text();
    const byTag = await fetch(`${server.url}/static/css/style.css`, { headers: { 'if-none-match': etag } });
    expect(byTag.status).toBe(304);
    const weak = await fetch(`${server.url}/static/css/style.css`, {
      headers: { 'if-none-match': `"nope", W/${etag}` },
    });
    expect(weak.status).toBe(304);
    const other = await fetch(`${server.url}/static/css/style.css`, {
      headers: { 'if-none-match': 'W/"nope"' },
    });
    expect(other.status).toBe(200);
    await other.text();
    const byDate = await fetch(`${server.url}/static/css/style.css`, {
      headers: { 'if-modified-since': 'Tue, 02 Jan 2024 00:00:00 GMT' },
    });
    expect(byDate.status).toBe(304);
    const older = await fetch(`${server.url}/static/css/style.css`, {
      headers: { 'if-modified-since': 'Sun, 31 Dec 2023 00:00:00 GMT' },
    });
    expect(older.status).toBe(200);
    await older.text();
  });

  test('206 for a Range, 416 when it cannot be satisfied; large files stream', async () => {
    const part = await fetch(`${server.url}/static/big.txt`, { headers: { range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 10-19/1000000');
    expect(await part.text()).toBe('0123456789');
    const suffix = await fetch(`${server.url}/static/big.txt`, { headers: { range: 'bytes=-5' } });
    expect(await suffix.text()).toBe('56789');
    const bad = await fetch(`${server.url}/static/big.txt`, { headers: { range: 'bytes=2000000-' } });
    expect(bad.status).toBe(416);
    const backwards = await fetch(`${server.url}/static/big.txt`, { headers: { range: 'bytes=5-2' } });
    expect(backwards.status).toBe(200);
    expect(backwards.headers.get('content-range')).toBeNull();
    expect((await backwards.arrayBuffer()).byteLength).toBe(1_000_000);
    const whole = await fetch(`${server.url}/static/big.txt`);
    expect(whole.headers.get('content-length')).toBe('1000000');
    expect((await whole.arrayBuffer()).byteLength).toBe(1_000_000);
  });

  test('every shape of path traversal is a 404', async () => {
    const attempts = [
      '/static/../secret.txt',
      '/static/%2e%2e/secret.txt',
      '/static/..%2fsecret.txt',
      '/static/css/..%2f..%2fsecret.txt',
      '/static/%2e%2e%2fsecret.txt',
      '/static/..%5csecret.txt',
      '/static/css%5c..%5c..%5csecret.txt',
      '/static/secret.txt%00.css',
      '/static/%2fetc%2fpasswd',
      '/static//etc/passwd',
      '/static/escape.txt',
      '/static/css',
      '/static/nope.txt',
    ];
    for (const path of attempts) {
      const r = await fetch(`${server.url}${path}`);
      const body = await r.text();
      expect([path, r.status]).toEqual([path, 404]);
      expect(body).not.toContain('top secret');
    }
  });

  test('dotfiles and dot-folders are a 404 unless SEND_FILE_ALLOW_DOTFILES is on', async () => {
    for (const path of ['/static/.env', '/static/.git/config', '/static/css/.hidden.css', '/static/%2eenv']) {
      const r = await fetch(`${server.url}${path}`);
      expect([path, r.status]).toEqual([path, 404]);
      expect(await r.text()).not.toContain('top secret');
    }
    const open = new Flagon({ root, config: { SEND_FILE_ALLOW_DOTFILES: true } });
    expect((await open.testClient().get('/static/.env')).text).toBe('SECRET_KEY=top secret');
    expect((await open.testClient().get('/static/.git/config')).status).toBe(200);
  });

  test('sendFile sets a download name', async () => {
    const r = await fetch(`${server.url}/download`);
    expect(r.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''report%201.txt");
    expect(await r.text()).toBe('top secret');
  });
});

describe('streamed views on a real server', () => {
  test('chunks of an async generator arrive as they are yielded', async () => {
    const r = await fetch(`${server.url}/stream`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const reader = (r.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    // The generator waits for the test before its second chunk: the first arrived on its own.
    const first = await reader.read();
    expect(decoder.decode(first.value)).toBe('first;');
    releaseSecond();
    let rest = '';
    for (let next = await reader.read(); !next.done; next = await reader.read())
      rest += decoder.decode(next.value);
    expect(rest).toBe('second');
    expect(streamFinished).toEqual(['streamed']);
  });

  test('an error thrown mid-stream cuts the connection; the server keeps serving', async () => {
    const logged: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      logged.push(...args);
    });
    try {
      const r = await fetch(`${server.url}/broken-stream`);
      expect(r.status).toBe(200);
      const reader = (r.body as ReadableStream<Uint8Array>).getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toBe('partial;');
      await expect(reader.read()).rejects.toThrow();
      expect(String(logged[0])).toContain(
        'The response stream of "broken" failed after 1 chunk(s): database went away',
      );
    } finally {
      spy.mockRestore();
    }
    const again = await fetch(`${server.url}/static/a%20file.txt`);
    expect([again.status, await again.text()]).toEqual([200, 'spaced']);
  });
});

describe('graceful shutdown', () => {
  test('SIGTERM lets a slow in-flight request finish, runs shutdown hooks and exits 0', async () => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'fixtures', 'slow-server.ts')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /LISTENING (\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.on('exit', () => reject(new Error(`server exited early: ${output}`)));
    });
    const slow = fetch(`${url}/slow`).then(async (r) => [r.status, await r.text()]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await slow).toEqual([200, 'finished slowly']);
    expect(await exited).toBe(0);
    expect(output).toContain('shutdown hook ran');
    await expect(fetch(`${url}/slow`)).rejects.toThrow();
  });
});

/** A raw keep-alive connection: every byte it receives, and whether the server closed it. */
function rawConnection(url: string) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let received = '';
  let closed = false;
  const ended = new Promise<void>((resolve) => {
    socket.on('close', () => {
      closed = true;
      resolve();
    });
  });
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString();
  });
  socket.on('error', () => {});
  return {
    send: (path: string) =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n`),
    received: () => received,
    closed: () => closed,
    ended,
  };
}

describe('shutdown of keep-alive connections', () => {
  // Before: the in-flight response said keep-alive and its socket served a new request seconds later.
  test('close() shuts idle sockets, answers in-flight requests with Connection: close, then runs shutdown hooks', async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let start = () => {};
    const started = new Promise<void>((resolve) => {
      start = resolve;
    });
    const app = new Flagon({ staticFolder: null, config: { SECRET_KEY: 'k9'.repeat(16) } });
    app.get('/fast', function fast() {
      return 'fast';
    });
    app.get('/slow', async function slow() {
      start();
      await released;
      return 'slow';
    });
    const hooks: string[] = [];
    app.onShutdown(() => {
      hooks.push('ran');
    });
    const running = await listen(app, { port: 0, handleSignals: false });
    const idle = rawConnection(running.url);
    idle.send('/fast');
    await eventually(() => idle.received().endsWith('fast'));
    expect(idle.received()).toMatch(/\r\nconnection: keep-alive\r\n/i);
    const busy = rawConnection(running.url);
    busy.send('/slow');
    await started;
    const closed = running.close();
    await idle.ended;
    expect(busy.closed()).toBe(false);
    release();
    await busy.ended;
    expect(busy.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(busy.received()).toMatch(/\r\nconnection: close\r\n/i);
    expect(busy.received().endsWith('slow')).toBe(true);
    await closed;
    expect(hooks).toEqual(['ran']);
    await expect(fetch(`${running.url}/fast`)).rejects.toThrow();
  });
});

describe('a response is in flight until it is written out', () => {
  // The app's part ends when the body is handed to Node; a client that reads slowly still holds
  // the rest in Node's buffers, and close() must wait for it rather than cut it off.
  test('a streamed body the client walked away from does not hold up close()', async () => {
    // A client that stops reading a large file and then goes away (a browser cancelling a
    // prefetch): the listener's own work on that body may never finish; the response's close
    // says the request is over.
    const dir = mkdtempSync(join(tmpdir(), 'flagon-walkaway-'));
    const file = join(dir, 'large.bin');
    writeFileSync(file, Buffer.alloc(32 * 1024 * 1024, 120));
    const app = new Flagon({ staticFolder: null, config: { SECRET_KEY: 'k9'.repeat(16) } });
    app.get('/large', function large(c) {
      return sendFile(c, file);
    });
    const running = await listen(app, { port: 0, handleSignals: false, shutdownTimeout: 30_000 });
    try {
      for (let i = 0; i < 3; i++) {
        const { hostname, port } = new URL(running.url);
        const socket = connect(Number(port), hostname);
        let received = 0;
        socket.on('data', (chunk: Buffer) => {
          received += chunk.length;
          socket.pause();
        });
        socket.write('GET /large HTTP/1.1\r\nHost: localhost\r\n\r\n');
        await eventually(() => received > 0);
        await new Promise((resolve) => setTimeout(resolve, 50));
        socket.destroy();
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      const outcome = await Promise.race([
        running.close().then(() => 'closed'),
        new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5_000)),
      ]);
      expect(outcome).toBe('closed'); // not the 30 s shutdown timeout
    } finally {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test('close() waits for a large body a slow client has not read yet, then runs shutdown hooks', async () => {
    const size = 32 * 1024 * 1024;
    const app = new Flagon({ staticFolder: null, config: { SECRET_KEY: 'k9'.repeat(16) } });
    app.get('/big', async function big() {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return new Response('x'.repeat(size), { headers: { 'content-type': 'text/plain' } });
    });
    const hooks: string[] = [];
    app.onShutdown(() => {
      hooks.push('ran');
    });
    const running = await listen(app, { port: 0, handleSignals: false, shutdownTimeout: 20_000 });
    const { hostname, port } = new URL(running.url);
    const socket = connect(Number(port), hostname);
    let received = 0;
    let headerSeen = false;
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (!headerSeen && chunk.includes('\r\n\r\n')) headerSeen = true;
      socket.pause(); // read one chunk, then stop: the rest stays in the server's buffers
    });
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(`GET /big HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    await eventually(() => headerSeen);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the view has returned by now
    let closedAt = 0;
    const closed = running.close().then(() => {
      closedAt = received;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hooks).toEqual([]); // still being written: not shut down
    expect(received).toBeLessThan(size);
    socket.removeAllListeners('data');
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    socket.resume();
    await closed;
    await ended;
    expect(hooks).toEqual(['ran']);
    expect(received).toBeGreaterThan(size); // the whole body, after the head
    expect(closedAt).toBeGreaterThan(0);
  }, 30_000);
});

async function eventually(fn: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the test client against a served app', () => {
  test('with fetch and a baseUrl it keeps cookies, follows redirects itself and reads the session', async () => {
    const app = new Flagon<{ Session: { n?: number } }>({
      staticFolder: null,
      config: { SECRET_KEY: 'a-long-enough-production-secret-key' },
    });
    app.get('/', function index(c) {
      return `n=${c.session.get('n') ?? 0} ${c.getFlashedMessages().join(',')}`;
    });
    app.post('/count', function count(c) {
      c.session.set('n', (c.session.get('n') ?? 0) + 1);
      c.flash('counted');
      return c.redirect('index');
    });
    const served = await listen(app, { port: 0, handleSignals: false });
    try {
      const client = app.testClient({ baseUrl: served.url, fetch });
      const redirect = await client.post('/count');
      expect(redirect.status).toBe(303);
      expect(redirect.location).toBe('/');
      const page = await client.post('/count', { followRedirects: true });
      expect(page.history).toEqual(['/count']);
      expect(page.text).toBe('n=2 counted,counted');
      expect(await client.session()).toMatchObject({ n: 2 });
    } finally {
      await served.close();
    }
  });
});
