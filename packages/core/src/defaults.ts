import type { ProxyFixConfig } from './proxy-fix.js';

/**
 * The configuration keys Flagon's core reads, with Flask's names. Every key is optional in
 * what you pass; {@link DEFAULT_CONFIG} fills the rest.
 */
export type CoreConfig = {
  /** Debug mode: debug pages with stacks, a log line per request, template reload. Default false. */
  DEBUG: boolean;
  /**
   * Testing mode: an unhandled error propagates to the caller of `app.fetch` / the test client
   * (after teardown) instead of becoming a 500 page, so a test shows the real error. Extensions
   * may relax checks (CSRF) in testing. Default false.
   */
  TESTING: boolean;
  /**
   * Re-throw unhandled errors to the caller instead of answering 500. Default null: follow
   * TESTING (as Flask's PROPAGATE_EXCEPTIONS does, without the debug case: debug mode shows the
   * debug page).
   */
  PROPAGATE_EXCEPTIONS: boolean | null;
  /** Signs session and signed cookies. Required in production. Default undefined. */
  SECRET_KEY: string | undefined;
  /** Older keys still accepted when verifying (key rotation), newest first. Default []. */
  SECRET_KEY_FALLBACKS: readonly string[];
  /** Name of the session cookie. Default 'session'. */
  SESSION_COOKIE_NAME: string;
  /** Domain of the session cookie. Default undefined (the request's host). */
  SESSION_COOKIE_DOMAIN: string | undefined;
  /** Path of the session cookie. Default '/'. */
  SESSION_COOKIE_PATH: string;
  /** HttpOnly flag. Default true. */
  SESSION_COOKIE_HTTPONLY: boolean;
  /** Secure flag (HTTPS only). Default false. */
  SESSION_COOKIE_SECURE: boolean;
  /**
   * SameSite attribute; undefined sends none. Default 'Lax' — a deliberate, safer difference from
   * Flask, which sends none: a cross-site POST then arrives without the session.
   */
  SESSION_COOKIE_SAMESITE: 'Strict' | 'Lax' | 'None' | undefined;
  /** Partitioned attribute (CHIPS). Default false. */
  SESSION_COOKIE_PARTITIONED: boolean;
  /** Lifetime of a permanent session, and the oldest signature accepted, in seconds. Default 31 days. */
  PERMANENT_SESSION_LIFETIME: number;
  /** Re-send a permanent session's cookie on every request to extend it. Default true. */
  SESSION_REFRESH_EACH_REQUEST: boolean;
  /**
   * The cap for every request body in bytes, multipart uploads included; over it is a 413, found
   * from `Content-Length` or while the body streams in. Default null (no overall cap: each kind of
   * body has its own limit below).
   */
  MAX_CONTENT_LENGTH: number | null;
  /**
   * The largest body read whole into memory, in bytes: `c.req.json()`, `text()`, `bytes()` and
   * urlencoded forms; over it is a 413 naming this key, found while the body streams in (chunked
   * bodies too). Raise it for larger JSON; null for no limit. Default 1 MiB (1,048,576), as Fastify.
   */
  MAX_BODY_SIZE: number | null;
  /**
   * The largest non-file form field in bytes (urlencoded or multipart); over it is a 413. Default
   * 500,000 (Werkzeug's). Null for no limit.
   */
  MAX_FORM_MEMORY_SIZE: number | null;
  /** The most fields and files a form may have; more is a 413. Default 1,000 (Werkzeug's). Null for no limit. */
  MAX_FORM_PARTS: number | null;
  /**
   * The most bytes of files one multipart form may upload, all its files together (they are held
   * in memory); over it is a 413 naming this key, found while the body streams in. Default 16 MiB
   * (16,777,216), the size in Flask's file-upload example. Null for no limit.
   */
  MAX_UPLOAD_SIZE: number | null;
  /**
   * Trusted proxies, as Werkzeug's ProxyFix: hop counts per `X-Forwarded-*` header (`for`,
   * `proto`, `host`, `port`, `prefix`), each the number of proxies to trust counted from the right.
   * `{}` trusts one proxy for `for` and `proto`, as `ProxyFix(app)`. Default null: forwarded
   * headers are ignored.
   */
  PROXY_FIX: ProxyFixConfig | null;
  /**
   * The host names the app answers to; any other `Host` is a 400. `.example.com` also matches
   * every subdomain (Flask 3.1). Default null (any host).
   */
  TRUSTED_HOSTS: readonly string[] | null;
  /** Cache-Control max-age in seconds for static files. Default null (no max-age, revalidate). */
  SEND_FILE_MAX_AGE_DEFAULT: number | null;
  /**
   * Serve dotfiles and dot-folders (`/static/.env`, `/static/.well-known/…`) from static folders
   * and `sendFromDirectory`. Default false: they are a 404.
   */
  SEND_FILE_ALLOW_DOTFILES: boolean;
  /**
   * Host (and port) for external URLs: outside a request, and inside one instead of the request's
   * `Host` (so a forged `Host` cannot change a password-reset link). Default undefined.
   */
  SERVER_NAME: string | undefined;
  /** Scheme for external URLs built outside a request. Default 'http'. */
  PREFERRED_URL_SCHEME: string;
};

/** The core's defaults, one frozen object. */
export const DEFAULT_CONFIG: Readonly<CoreConfig> = Object.freeze({
  DEBUG: false,
  TESTING: false,
  PROPAGATE_EXCEPTIONS: null,
  SECRET_KEY: undefined,
  SECRET_KEY_FALLBACKS: [],
  SESSION_COOKIE_NAME: 'session',
  SESSION_COOKIE_DOMAIN: undefined,
  SESSION_COOKIE_PATH: '/',
  SESSION_COOKIE_HTTPONLY: true,
  SESSION_COOKIE_SECURE: false,
  SESSION_COOKIE_SAMESITE: 'Lax',
  SESSION_COOKIE_PARTITIONED: false,
  PERMANENT_SESSION_LIFETIME: 31 * 24 * 3600,
  SESSION_REFRESH_EACH_REQUEST: true,
  MAX_CONTENT_LENGTH: null,
  MAX_BODY_SIZE: 1024 * 1024,
  MAX_FORM_MEMORY_SIZE: 500_000,
  MAX_FORM_PARTS: 1000,
  MAX_UPLOAD_SIZE: 16 * 1024 * 1024,
  PROXY_FIX: null,
  TRUSTED_HOSTS: null,
  SEND_FILE_MAX_AGE_DEFAULT: null,
  SEND_FILE_ALLOW_DOTFILES: false,
  SERVER_NAME: undefined,
  PREFERRED_URL_SCHEME: 'http',
});
