import { loadBuiltin } from '@flagon/internal';
import { SetupError } from './errors.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Encodes bytes as unpadded base64url. */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Decodes unpadded base64url; returns undefined for text that is not base64url. */
export function fromBase64url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

/**
 * Signs and verifies short text values with HMAC-SHA256 through Web Crypto, with a timestamp
 * so that values can expire, and fallback secrets so that keys can be rotated.
 * The format is `value.timestamp.signature`; signing always uses the first secret.
 *
 * @example
 * ```ts
 * const signer = new Signer(['new-secret', 'old-secret'], 'flagon.session');
 * const token = await signer.sign('hello');
 * await signer.unsign(token, 3600); // 'hello', or undefined if tampered or older than an hour
 * ```
 */
export class Signer {
  readonly #secrets: readonly string[];
  readonly #salt: string;
  #keys: Promise<CryptoKey[]> | undefined;

  constructor(secrets: readonly string[], salt: string) {
    if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s.length === 0)) {
      throw new TypeError('Signer needs at least one non-empty secret (SECRET_KEY).');
    }
    this.#secrets = secrets;
    this.#salt = salt;
  }

  #cryptoKeys(): Promise<CryptoKey[]> {
    this.#keys ??= Promise.all(
      this.#secrets.map((secret) =>
        crypto.subtle.importKey(
          'raw',
          encoder.encode(`${this.#salt}\u0000${secret}`),
          { name: 'HMAC', hash: 'SHA-256' },
          false,
          ['sign', 'verify'],
        ),
      ),
    );
    return this.#keys;
  }

  /** Signs `value` (any text) with the current time. */
  async sign(value: string, now = Date.now()): Promise<string> {
    const body = `${value}.${Math.floor(now / 1000).toString(36)}`;
    const [key] = await this.#cryptoKeys();
    const signature = await crypto.subtle.sign('HMAC', key as CryptoKey, encoder.encode(body));
    return `${body}.${base64url(new Uint8Array(signature))}`;
  }

  /**
   * Verifies a signed value against every secret. Returns the value, or undefined when the
   * signature is wrong, the text is malformed, or it is older than `maxAgeSeconds`.
   */
  async unsign(signed: string, maxAgeSeconds?: number, now = Date.now()): Promise<string | undefined> {
    const parts = splitSigned(signed, maxAgeSeconds, now);
    if (!parts) return undefined;
    const data = encoder.encode(parts.body);
    for (const key of await this.#cryptoKeys()) {
      if (await crypto.subtle.verify('HMAC', key, parts.signature as Uint8Array<ArrayBuffer>, data)) {
        return parts.value;
      }
    }
    return undefined;
  }

  /** True where {@link unsignNow} works: the runtime has `node:crypto` (Node, Bun, Deno). */
  static get canUnsignNow(): boolean {
    return nodeCrypto() !== undefined;
  }

  /**
   * {@link unsign} without waiting, through `node:crypto`'s HMAC (the same signature Web Crypto
   * computes). Throws where the runtime has no `node:crypto` (see {@link Signer.canUnsignNow}).
   */
  unsignNow(signed: string, maxAgeSeconds?: number, now = Date.now()): string | undefined {
    const node = nodeCrypto();
    if (!node) throw new Error('Signer.unsignNow needs node:crypto, and this runtime has none.');
    const parts = splitSigned(signed, maxAgeSeconds, now);
    if (!parts) return undefined;
    for (const secret of this.#secrets) {
      const expected = node.createHmac('sha256', `${this.#salt}\u0000${secret}`).update(parts.body).digest();
      if (node.timingSafeEqual(expected, parts.signature)) return parts.value;
    }
    return undefined;
  }
}

/** The parts of `value.timestamp.signature`, or undefined when malformed or older than `maxAgeSeconds`. */
function splitSigned(
  signed: string,
  maxAgeSeconds: number | undefined,
  now: number,
): { body: string; value: string; signature: Uint8Array } | undefined {
  const sigAt = signed.lastIndexOf('.');
  if (sigAt <= 0) return undefined;
  const body = signed.slice(0, sigAt);
  const signature = fromBase64url(signed.slice(sigAt + 1));
  if (signature?.length !== 32) return undefined;
  const tsAt = body.lastIndexOf('.');
  if (tsAt < 0) return undefined;
  const timestamp = Number.parseInt(body.slice(tsAt + 1), 36);
  if (!Number.isFinite(timestamp)) return undefined;
  if (maxAgeSeconds !== undefined && now / 1000 - timestamp > maxAgeSeconds) return undefined;
  return { body, value: body.slice(0, tsAt), signature };
}

let nodeCryptoModule: typeof import('node:crypto') | null | undefined;

/** `node:crypto` where the runtime has it, loaded once. */
function nodeCrypto(): typeof import('node:crypto') | undefined {
  if (nodeCryptoModule === undefined)
    nodeCryptoModule = loadBuiltin<typeof import('node:crypto')>('node:crypto') ?? null;
  return nodeCryptoModule ?? undefined;
}

/** Encodes a JSON-able value as base64url text. */
export function encodeJson(value: unknown): string {
  return base64url(encoder.encode(JSON.stringify(value)));
}

/** Decodes what {@link encodeJson} wrote; undefined for anything else. */
export function decodeJson(text: string): unknown {
  const bytes = fromBase64url(text);
  if (!bytes) return undefined;
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    return undefined;
  }
}

/**
 * The signers of one app, by purpose (salt). While the app is set up, a signer is looked up by
 * salt, key and fallbacks (the config may still change); once it serves, by salt alone.
 */
export class SignerCache {
  readonly #signers = new Map<string, Signer>();
  #frozen = false;

  /** The signer for a salt, made from the config's SECRET_KEY and SECRET_KEY_FALLBACKS. */
  get(
    salt: string,
    config: { readonly SECRET_KEY: string | undefined; readonly SECRET_KEY_FALLBACKS: readonly string[] },
    frozen: boolean,
  ): Signer {
    const key = config.SECRET_KEY;
    if (!key) {
      throw new SetupError(
        'Signing needs a SECRET_KEY. Set it in instance/config.ts (or the env var with your prefix) to a long random string.',
        'no_secret_key',
      );
    }
    if (frozen !== this.#frozen) {
      this.#signers.clear();
      this.#frozen = frozen;
    }
    const cacheKey = frozen ? salt : `${salt}\u0000${key}\u0000${config.SECRET_KEY_FALLBACKS.join('\u0000')}`;
    let signer = this.#signers.get(cacheKey);
    if (!signer) {
      signer = new Signer([key, ...config.SECRET_KEY_FALLBACKS], salt);
      this.#signers.set(cacheKey, signer);
    }
    return signer;
  }
}
