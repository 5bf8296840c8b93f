// Verifying a signed session cookie: Flagon's Signer (WebCrypto, async) vs node:crypto's
// synchronous HMAC over the same bytes — the cost every request with a cookie pays in core.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { Flagon, Signer } from '@flagon/core';
import { Hono } from 'hono';
import { emit, type MicroResult, measure, microOptions } from './harness.ts';

export async function sessionBenchmarks(options = microOptions()): Promise<MicroResult[]> {
  const secret = 'bench-secret-key-0123456789abcdef0123456789abcdef';
  const salt = 'flagon.session';
  const signer = new Signer([secret], salt);
  const signed = await signer.sign(Buffer.from(JSON.stringify({ uid: 42 })).toString('base64url'));
  if ((await signer.unsign(signed)) === undefined)
    throw new Error('the Signer does not verify its own value');
  // The same HMAC-SHA256 over the same key and body, synchronously.
  const key = Buffer.from(`${salt}\u0000${secret}`);
  const verifySync = (value: string): string | undefined => {
    const at = value.lastIndexOf('.');
    const body = value.slice(0, at);
    const given = Buffer.from(value.slice(at + 1), 'base64url');
    const expected = createHmac('sha256', key).update(body).digest();
    return given.length === expected.length && timingSafeEqual(given, expected) ? body : undefined;
  };
  if (verifySync(signed) === undefined) throw new Error('node:crypto does not verify the Signer value');
  const cache = new Map<string, string>();
  // The whole request in process (no sockets): a view that never reads the session, with and
  // without a session cookie on the request.
  const app = new Flagon({ staticFolder: null, templateFolder: null, config: { SECRET_KEY: secret } });
  app.get('/plaintext', function plaintext(c) {
    return c.text('Hello, World!');
  });
  app.get('/login', function login(c) {
    c.session.set('uid', 42);
    return c.text('ok');
  });
  const cookie =
    (await app.fetch(new Request('http://localhost/login'))).headers.get('set-cookie')?.split(';')[0] ?? '';
  if (!cookie) throw new Error('no session cookie from /login');
  const hono = new Hono();
  hono.get('/plaintext', (c) => c.text('Hello, World!'));
  const bare = new Request('http://localhost/plaintext');
  const withCookie = new Request('http://localhost/plaintext', { headers: { cookie } });
  const read = async (r: Promise<Response> | Response) => (await r).text();
  const requests = [
    await measure('request', 'Hono app.fetch, with the cookie', () => read(hono.fetch(withCookie)), options),
    await measure('request', 'Flagon app.fetch, no cookie', () => read(app.fetch(bare)), options),
    await measure(
      'request',
      'Flagon app.fetch, with a session cookie',
      () => read(app.fetch(withCookie)),
      options,
      'the view does not read the session',
    ),
  ];
  return [
    ...requests,
    await measure(
      'session',
      'Signer.unsign (crypto.subtle.verify)',
      () => signer.unsign(signed),
      options,
      'what core runs now',
    ),
    await measure(
      'session',
      'node:crypto createHmac + timingSafeEqual',
      () => verifySync(signed),
      options,
      'sync, Node only',
    ),
    await measure(
      'session',
      'verified-value cache hit (Map lookup)',
      () => {
        let body = cache.get(signed);
        if (body === undefined) {
          body = verifySync(signed) as string;
          cache.set(signed, body);
        }
        return body;
      },
      options,
      'runtime-agnostic option: remember verified cookies',
    ),
  ];
}

if (import.meta.main) emit(await sessionBenchmarks());
