/** Options for a `Set-Cookie` header. */
export interface CookieOptions {
  /** Lifetime in seconds; 0 deletes the cookie. */
  maxAge?: number;
  expires?: Date;
  path?: string;
  domain?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None';
  partitioned?: boolean;
}

const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Serializes a cookie for a `Set-Cookie` header. The value is percent-encoded. */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  if (!NAME.test(name)) throw new TypeError(`Invalid cookie name ${JSON.stringify(name)}.`);
  let text = `${name}=${encodeURIComponent(value)}`;
  if (options.maxAge !== undefined) text += `; Max-Age=${Math.floor(options.maxAge)}`;
  if (options.expires) text += `; Expires=${options.expires.toUTCString()}`;
  if (options.domain) text += `; Domain=${options.domain}`;
  text += `; Path=${options.path ?? '/'}`;
  if (options.secure) text += '; Secure';
  if (options.httpOnly) text += '; HttpOnly';
  if (options.sameSite) text += `; SameSite=${options.sameSite}`;
  if (options.partitioned) text += '; Partitioned';
  return text;
}

/**
 * Reads one cookie from a `Cookie` header without parsing the others (the first occurrence
 * wins, as in {@link parseCookieHeader}). Returns undefined when it is absent.
 */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  let from = 0;
  while (from < header.length) {
    const at = header.indexOf(name, from);
    if (at < 0) return undefined;
    let start = at;
    while (start > 0 && (header.charCodeAt(start - 1) === 32 || header.charCodeAt(start - 1) === 9)) start--;
    const eq = at + name.length;
    if ((start === 0 || header.charCodeAt(start - 1) === 59) && header.charCodeAt(eq) === 61) {
      const end = header.indexOf(';', eq + 1);
      let value = (end < 0 ? header.slice(eq + 1) : header.slice(eq + 1, end)).trim();
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      if (!value.includes('%')) return value;
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
    from = eq;
  }
  return undefined;
}

/** Parses a `Cookie` request header into a map; malformed pairs are skipped. */
export function parseCookieHeader(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    if (!name || cookies.has(name)) continue;
    let value = pair.slice(at + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      cookies.set(name, value.includes('%') ? decodeURIComponent(value) : value);
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}
