import { describe, expect, test } from 'vitest';
import { Flagon, SetupError } from '../src/index.ts';
import { listen } from '../src/node.ts';

function makeApp(config: Record<string, unknown> = {}) {
  const app = new Flagon({
    staticFolder: null,
    config: { SECRET_KEY: 'a-long-enough-production-secret-key', ...config },
  });
  app.get('/who', function who(c) {
    return {
      scheme: c.req.scheme,
      host: c.req.host,
      prefix: c.req.prefix,
      remoteAddr: c.req.remoteAddr,
      external: c.urlFor('who', {}, { external: true }),
      path: c.urlFor('who'),
    };
  });
  app.get('/go', function go(c) {
    return c.redirect('who');
  });
  app.get('/reset', function reset(c) {
    return c.urlFor('who', { token: 't' }, { external: true });
  });
  app.get('/folder/', function folder() {
    return 'folder';
  });
  return app;
}

type Who = {
  scheme: string;
  host: string;
  prefix: string;
  remoteAddr: string | null;
  external: string;
  path: string;
};

async function who(app: Flagon, headers: Record<string, string> = {}, url = 'http://app.internal:8000/who') {
  const res = await app.fetch(new Request(url, { headers }));
  expect(res.status).toBe(200);
  return (await res.json()) as Who;
}

describe('PROXY_FIX (trusted proxies)', () => {
  const forwarded = {
    'x-forwarded-for': '203.0.113.9, 10.0.0.2',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'example.com',
    'x-forwarded-port': '8443',
    'x-forwarded-prefix': '/blog/',
  };

  test('off by default: forwarded headers are ignored', async () => {
    expect(await who(makeApp(), forwarded)).toEqual({
      scheme: 'http',
      host: 'app.internal:8000',
      prefix: '',
      remoteAddr: null,
      external: 'http://app.internal:8000/who',
      path: '/who',
    });
  });

  test('trusted headers flow into scheme, host, prefix, remoteAddr and urlFor', async () => {
    const app = makeApp({ PROXY_FIX: { for: 1, proto: 1, host: 1, port: 1, prefix: 1 } });
    expect(await who(app, forwarded)).toEqual({
      scheme: 'https',
      host: 'example.com:8443',
      prefix: '/blog',
      remoteAddr: '10.0.0.2',
      external: 'https://example.com:8443/blog/who',
      path: '/blog/who',
    });
    const redirect = await app.fetch(new Request('http://app.internal:8000/go', { headers: forwarded }));
    expect(redirect.headers.get('location')).toBe('/blog/who');
    const slash = await app.fetch(new Request('http://app.internal:8000/folder', { headers: forwarded }));
    expect([slash.status, slash.headers.get('location')]).toEqual([308, '/blog/folder/']);
  });

  test('each count is the number of proxies trusted, counted from the right', async () => {
    const two = makeApp({ PROXY_FIX: { for: 2 } });
    expect((await who(two, forwarded)).remoteAddr).toBe('203.0.113.9');
    expect((await who(two, { 'x-forwarded-for': '203.0.113.9' })).remoteAddr).toBeNull();
    // {} is ProxyFix(app): one proxy for X-Forwarded-For and -Proto, none for the rest.
    const plain = await who(makeApp({ PROXY_FIX: {} }), forwarded);
    expect([plain.scheme, plain.host, plain.prefix, plain.remoteAddr]).toEqual([
      'https',
      'app.internal:8000',
      '',
      '10.0.0.2',
    ]);
  });

  test('more hops than header values, and malformed values, are ignored', async () => {
    const app = makeApp({ PROXY_FIX: { for: 3, proto: 1, host: 1, port: 1, prefix: 1 } });
    const fewer = await who(app, { 'x-forwarded-for': '203.0.113.9, 10.0.0.2' });
    expect(fewer.remoteAddr).toBeNull();
    const one = makeApp({ PROXY_FIX: { for: 1, proto: 1, host: 1, port: 1, prefix: 1 } });
    const garbage = await who(one, {
      'x-forwarded-for': '<script>alert(1)</script>',
      'x-forwarded-proto': 'javascript',
      'x-forwarded-host': 'evil.example/path@x',
      'x-forwarded-port': '99999',
      'x-forwarded-prefix': '//evil.example',
    });
    expect(garbage).toMatchObject({
      scheme: 'http',
      host: 'app.internal:8000',
      prefix: '',
      remoteAddr: null,
      external: 'http://app.internal:8000/who',
    });
    expect((await who(one, { 'x-forwarded-for': ' , ' })).remoteAddr).toBeNull();
    expect((await who(one, { 'x-forwarded-for': '2001:db8::1' })).remoteAddr).toBe('2001:db8::1');
    expect((await who(one, { 'x-forwarded-proto': 'https', 'x-forwarded-port': '443' })).host).toBe(
      'app.internal',
    );
  });

  test('a bad PROXY_FIX is a SetupError naming the key', async () => {
    for (const [value, message] of [
      [{ for: -1 }, 'PROXY_FIX.for must be a whole number'],
      [{ proto: '1' }, 'PROXY_FIX.proto must be a whole number'],
      [{ x_for: 1 }, 'PROXY_FIX has an unknown header "x_for"'],
      [2, 'PROXY_FIX must be null (off) or an object'],
      [[1], 'PROXY_FIX must be null (off) or an object'],
    ] as const) {
      const app = makeApp({ PROXY_FIX: value });
      expect(() => app.checkProductionReady()).toThrow(SetupError);
      expect(() => app.checkProductionReady()).toThrow(message);
    }
  });

  test('on a real server remoteAddr is the socket address, or the trusted forwarded one', async () => {
    const direct = await listen(makeApp({ DEBUG: true }), { port: 0, handleSignals: false });
    const proxied = await listen(makeApp({ PROXY_FIX: { for: 1 } }), { port: 0, handleSignals: false });
    try {
      const a = (await (
        await fetch(`${direct.url}/who`, { headers: { 'x-forwarded-for': '203.0.113.9' } })
      ).json()) as Who;
      expect(a.remoteAddr).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
      const b = (await (
        await fetch(`${proxied.url}/who`, { headers: { 'x-forwarded-for': '203.0.113.9' } })
      ).json()) as Who;
      expect(b.remoteAddr).toBe('203.0.113.9');
      const c = (await (
        await fetch(`${proxied.url}/who`, { headers: { 'x-forwarded-for': 'not-an-ip' } })
      ).json()) as Who;
      expect(c.remoteAddr).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    } finally {
      await direct.close();
      await proxied.close();
    }
  });
});

describe('TRUSTED_HOSTS and SERVER_NAME', () => {
  test('any other Host is a 400 before routing; .example.com matches subdomains', async () => {
    const app = makeApp({ TRUSTED_HOSTS: ['example.com', '.example.org', 'localhost'] });
    const seen: string[] = [];
    app.errorHandler(400, (error) => {
      seen.push((error as Error).message);
      return ['refused', 400];
    });
    const status = async (host: string) =>
      (await app.fetch(new Request('http://localhost/who', { headers: { host } }))).status;
    expect(await status('example.com')).toBe(200);
    expect(await status('example.com:8000')).toBe(200);
    expect(await status('EXAMPLE.com')).toBe(200);
    expect(await status('example.org')).toBe(200);
    expect(await status('a.b.example.org')).toBe(200);
    expect(await status('localhost')).toBe(200);
    expect(await status('evil.example')).toBe(400);
    expect(await status('example.com.evil.example')).toBe(400);
    expect(await status('notexample.org')).toBe(400);
    expect(seen[0]).toBe('The host "evil.example" is not in TRUSTED_HOSTS.');
    // A route that does not exist is refused as well: the check runs before routing.
    const missing = await app.fetch(
      new Request('http://localhost/nowhere', { headers: { host: 'evil.example' } }),
    );
    expect(missing.status).toBe(400);
  });

  test('a garbage Host is a 400 naming it, with or without TRUSTED_HOSTS', async () => {
    const strict = makeApp({ TRUSTED_HOSTS: ['example.com'] });
    for (const host of ['exa mple.com', 'example.com/evil', 'user@example.com', '', 'example.com:port']) {
      const res = await strict.fetch(new Request('http://localhost/who', { headers: { host } }));
      expect(res.status).toBe(400);
    }
    const open = makeApp();
    const res = await open.fetch(
      new Request('http://localhost/who', { headers: { host: 'evil.example/x?' } }),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('The Host header &quot;evil.example/x?&quot; is not a valid host.');
  });

  test('TRUSTED_HOSTS with a trusted proxy checks the forwarded host', async () => {
    const app = makeApp({ TRUSTED_HOSTS: ['example.com'], PROXY_FIX: { host: 1 } });
    const res = (h: string) =>
      app.fetch(new Request('http://internal/who', { headers: { host: 'internal', 'x-forwarded-host': h } }));
    expect((await res('example.com')).status).toBe(200);
    expect((await res('evil.example')).status).toBe(400);
  });

  test('a bad TRUSTED_HOSTS is a SetupError naming the key', () => {
    for (const value of ['example.com', [''], [1], {}]) {
      expect(() => makeApp({ TRUSTED_HOSTS: value }).checkProductionReady()).toThrow(
        /Config key TRUSTED_HOSTS must be null \(any host\) or a list of host names/,
      );
    }
  });

  test('with SERVER_NAME set, a forged Host does not change external URLs', async () => {
    const app = makeApp({ SERVER_NAME: 'shop.example' });
    const res = await app.fetch(new Request('http://localhost/reset', { headers: { host: 'evil.example' } }));
    expect(await res.text()).toBe('http://shop.example/who?token=t');
  });
});
