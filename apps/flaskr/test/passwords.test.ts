import { pbkdf2, scryptSync } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { checkPasswordHash, generatePasswordHash } from '../src/flaskr/passwords.ts';

// werkzeug's generate_password_hash('test', method='pbkdf2:sha256:50000'), from the tutorial's data.
const WERKZEUG_PBKDF2 =
  'pbkdf2:sha256:50000$TCI4GzcX$0de171a4f4dac32e3364c7ddc7c14f3e2fa61f2d17574483f7ffbb431b4acb2f';

/**
 * What ran first: a callback queued on the event loop (setImmediate) or the hash. A hash computed
 * on the thread pool lets the loop turn first; a synchronous one (scryptSync) finishes before
 * the loop can run anything else, so no other request is served meanwhile. The thread pool's four
 * threads are kept busy meanwhile, so a hash on the pool cannot finish before the loop turns even
 * when a loaded machine pauses this thread (it did under CI, and the order then came out reversed).
 */
async function firstToRun(hashing: () => Promise<unknown>): Promise<string[]> {
  const busy = Array.from({ length: 4 }, () => promisify(pbkdf2)('busy', 'salt', 300_000, 32, 'sha256'));
  const order: string[] = [];
  setImmediate(() => order.push('event loop'));
  await Promise.resolve()
    .then(hashing)
    .then(() => order.push('hash'));
  await new Promise((resolve) => setImmediate(resolve));
  await Promise.all(busy);
  return order;
}

describe('password hashes', () => {
  test('scrypt hashes in werkzeug format round-trip; werkzeug pbkdf2 hashes are checked', async () => {
    const hash = await generatePasswordHash('s3cret');
    expect(hash).toMatch(/^scrypt:32768:8:1\$[^$]{16}\$[0-9a-f]{128}$/);
    expect(await checkPasswordHash(hash, 's3cret')).toBe(true);
    expect(await checkPasswordHash(hash, 's3cret!')).toBe(false);
    expect(await checkPasswordHash(WERKZEUG_PBKDF2, 'test')).toBe(true);
    expect(await checkPasswordHash(WERKZEUG_PBKDF2, 'other')).toBe(false);
    expect(await checkPasswordHash('garbage', 'test')).toBe(false);
  });

  test('hashing and checking leave the event loop free for other requests', async () => {
    // The check itself: a synchronous hash holds the loop.
    expect(await firstToRun(async () => scryptSync('s3cret', 'salt', 64))).toEqual(['hash', 'event loop']);
    const hash = await generatePasswordHash('s3cret');
    expect(await firstToRun(() => generatePasswordHash('s3cret'))).toEqual(['event loop', 'hash']);
    expect(await firstToRun(() => checkPasswordHash(hash, 's3cret'))).toEqual(['event loop', 'hash']);
    expect(await firstToRun(() => checkPasswordHash(WERKZEUG_PBKDF2, 'test'))).toEqual([
      'event loop',
      'hash',
    ]);
  });
});
