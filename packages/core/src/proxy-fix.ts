import { SetupError } from './errors.js';

/**
 * How many proxies in front of the app to trust for each `X-Forwarded-*` header, as Werkzeug's
 * `ProxyFix`: each count is the number of values to trust, counted from the right. A header with
 * fewer values than its count is not trusted. Omitted counts: `for` and `proto` 1, the others 0.
 */
export interface ProxyFixConfig {
  /** `X-Forwarded-For` → `c.req.remoteAddr`. Default 1. */
  for?: number;
  /** `X-Forwarded-Proto` → `c.req.scheme`. Default 1. */
  proto?: number;
  /** `X-Forwarded-Host` → `c.req.host`. Default 0. */
  host?: number;
  /** `X-Forwarded-Port` → the port of `c.req.host`. Default 0. */
  port?: number;
  /** `X-Forwarded-Prefix` → `c.req.prefix`, put before built URLs. Default 0. */
  prefix?: number;
}

/** The checked hop counts. */
export type ProxyFix = Readonly<Required<ProxyFixConfig>>;

const DEFAULT_HOPS: ProxyFix = Object.freeze({ for: 1, proto: 1, host: 0, port: 0, prefix: 0 });

/**
 * Reads `PROXY_FIX` from the config: null or undefined is off. Throws `SetupError` naming the key
 * for anything but an object of non-negative whole hop counts.
 */
export function readProxyFix(value: unknown): ProxyFix | null {
  if (value === null || value === undefined || value === false) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new SetupError(
      `Config key PROXY_FIX must be null (off) or an object of hop counts such as { for: 1, proto: 1 }, got ${JSON.stringify(value) ?? String(value)}.`,
      'bad_config',
    );
  }
  const hops: Record<string, number> = { ...DEFAULT_HOPS };
  for (const [key, count] of Object.entries(value)) {
    if (!Object.hasOwn(DEFAULT_HOPS, key)) {
      throw new SetupError(
        `Config key PROXY_FIX has an unknown header ${JSON.stringify(key)}: use for, proto, host, port or prefix.`,
        'bad_config',
      );
    }
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
      throw new SetupError(
        `Config key PROXY_FIX.${key} must be a whole number of proxies (0 or more), got ${JSON.stringify(count) ?? String(count)}.`,
        'bad_config',
      );
    }
    hops[key] = count;
  }
  return Object.freeze(hops) as ProxyFix;
}

/**
 * The value of a comma-separated `X-Forwarded-*` header that `hops` trusted proxies vouch for:
 * the `hops`-th from the right, or undefined when hops is 0 or the header has fewer values.
 */
export function forwardedValue(header: string | null, hops: number): string | undefined {
  if (!header || hops === 0) return undefined;
  const values = header.split(',');
  if (values.length < hops) return undefined;
  const value = (values[values.length - hops] as string).trim();
  return value === '' ? undefined : value;
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^[0-9a-f:.]+$/i;

/** True for an IPv4 or IPv6 address (an IPv6 one may come in brackets, which are removed). */
export function ipAddress(value: string): string | undefined {
  if (IPV4.test(value)) return value;
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (bare.includes(':') && IPV6.test(bare) && bare.length <= 45) return bare.toLowerCase();
  return undefined;
}

/** A host name or address with an optional port, as in a `Host` header. */
export const HOST_PATTERN = /^(?:\[[0-9a-f:.]+\]|[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?\.?)(?::\d{1,5})?$/i;

/** A forwarded path prefix: starts with one slash, path characters only; trailing slashes dropped. */
export function pathPrefix(value: string): string | undefined {
  if (!/^\/(?!\/)[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/.test(value)) return undefined;
  return value.replace(/\/+$/, '');
}
