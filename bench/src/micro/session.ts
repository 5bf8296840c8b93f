// Verifying a signed session cookie: Flagon's Signer (WebCrypto, async) vs node:crypto's
// synchronous HMAC over the same bytes — the cost every request with a cookie pays in core.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { Signer } from '@flagon/core';
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
  return [
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
