import { HTTPError, SetupError } from './errors.js';
import type { FlagonRequest } from './request.js';

/**
 * Reads `TRUSTED_HOSTS`: null (any host) or a list of host names, where `.example.com` also
 * matches every subdomain. Throws `SetupError` naming the key for anything else.
 */
export function readTrustedHosts(value: unknown): readonly string[] | null {
  if (value === null || value === undefined) return null;
  const list = typeof value === 'string' ? undefined : value;
  if (!Array.isArray(list) || list.some((host) => typeof host !== 'string' || host.trim() === '')) {
    throw new SetupError(
      `Config key TRUSTED_HOSTS must be null (any host) or a list of host names such as ['example.com', '.example.com'], got ${JSON.stringify(value)}.`,
      'bad_config',
    );
  }
  return Object.freeze(list.map((host: string) => host.trim().toLowerCase()));
}

/** True when `host` (a `Host` value, port allowed) is one of `trusted`, as Werkzeug's `host_is_trusted`. */
export function hostIsTrusted(host: string, trusted: readonly string[]): boolean {
  const name = stripPort(host.toLowerCase());
  for (const entry of trusted) {
    const suffix = entry.startsWith('.');
    const ref = stripPort(suffix ? entry.slice(1) : entry);
    if (name === ref || (suffix && name.endsWith(`.${ref}`))) return true;
  }
  return false;
}

function stripPort(host: string): string {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '');
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/**
 * The trusted-host check the dispatcher runs before routing: a 400 (returned, not thrown) when
 * the request's host (after `PROXY_FIX`) is not in `TRUSTED_HOSTS`, or is not a host at all.
 */
export function untrustedHost(req: FlagonRequest, trusted: readonly string[]): HTTPError | undefined {
  let host: string;
  try {
    host = req.host;
  } catch (error) {
    return error as HTTPError;
  }
  if (hostIsTrusted(host, trusted)) return undefined;
  return new HTTPError(400, `The host ${JSON.stringify(host)} is not in TRUSTED_HOSTS.`);
}
