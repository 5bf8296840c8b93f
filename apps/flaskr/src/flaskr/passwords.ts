import { pbkdf2Sync, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const SCRYPT = { N: 32768, r: 8, p: 1 };

/**
 * Hashes a password with scrypt and a fresh per-user salt, in werkzeug's text format
 * (`scrypt:32768:8:1$salt$hex`), so hashes move between Flask and Flagon.
 */
export function generatePasswordHash(password: string): string {
  const salt = randomBytes(12).toString('base64url').slice(0, 16);
  const { N, r, p } = SCRYPT;
  const key = scryptSync(password, salt, 64, { N, r, p, maxmem: 132 * N * r * p });
  return `scrypt:${N}:${r}:${p}$${salt}$${key.toString('hex')}`;
}

/** Checks a password against a scrypt or pbkdf2 hash in werkzeug's format, in constant time. */
export function checkPasswordHash(hash: string, password: string): boolean {
  const [method = '', salt = '', hex = ''] = hash.split('$');
  const expected = Buffer.from(hex, 'hex');
  if (expected.length === 0 || hex.length !== expected.length * 2) return false;
  const [kind, ...args] = method.split(':');
  let actual: Buffer;
  if (kind === 'scrypt') {
    const [N = 32768, r = 8, p = 1] = args.map(Number);
    actual = scryptSync(password, salt, expected.length, { N, r, p, maxmem: 132 * N * r * p });
  } else if (kind === 'pbkdf2') {
    const [digest = 'sha256', iterations = 600000] = [args[0], Number(args[1])];
    actual = pbkdf2Sync(password, salt, iterations, expected.length, digest);
  } else {
    return false;
  }
  return timingSafeEqual(actual, expected);
}
