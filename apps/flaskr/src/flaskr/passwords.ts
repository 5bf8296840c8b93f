import { pbkdf2, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

// The callback forms run on libuv's thread pool: a login hashes without stopping the event loop,
// so other requests are served meanwhile (scryptSync held every request for the whole hash).
const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: string,
  length: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;
const pbkdf2Async = promisify(pbkdf2);

const SCRYPT = { N: 32768, r: 8, p: 1 };

function scryptKey(password: string, salt: string, length: number, N: number, r: number, p: number) {
  return scryptAsync(password, salt, length, { N, r, p, maxmem: 132 * N * r * p });
}

/**
 * Hashes a password with scrypt and a fresh per-user salt, in werkzeug's text format
 * (`scrypt:32768:8:1$salt$hex`), so hashes move between Flask and Flagon.
 */
export async function generatePasswordHash(password: string): Promise<string> {
  const salt = randomBytes(12).toString('base64url').slice(0, 16);
  const { N, r, p } = SCRYPT;
  const key = await scryptKey(password, salt, 64, N, r, p);
  return `scrypt:${N}:${r}:${p}$${salt}$${key.toString('hex')}`;
}

/** Checks a password against a scrypt or pbkdf2 hash in werkzeug's format, in constant time. */
export async function checkPasswordHash(hash: string, password: string): Promise<boolean> {
  const [method = '', salt = '', hex = ''] = hash.split('$');
  const expected = Buffer.from(hex, 'hex');
  if (expected.length === 0 || hex.length !== expected.length * 2) return false;
  const [kind, ...args] = method.split(':');
  let actual: Buffer;
  if (kind === 'scrypt') {
    const [N = 32768, r = 8, p = 1] = args.map(Number);
    actual = await scryptKey(password, salt, expected.length, N, r, p);
  } else if (kind === 'pbkdf2') {
    const [digest = 'sha256', iterations = 600000] = [args[0], Number(args[1])];
    actual = await pbkdf2Async(password, salt, iterations, expected.length, digest);
  } else {
    return false;
  }
  return timingSafeEqual(actual, expected);
}
