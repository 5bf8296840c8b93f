import { type AppTypes, type Context, type Extension, type Flagon, SetupError } from '@flagon/core';
import { CSRFError, type CsrfFailure } from './csrf-error.js';
import { checkCsrfToken, csrfToken, hiddenField } from './csrf-token.js';

/** Options of {@link csrf}. Each falls back to a config key, then to its default. */
export interface CsrfOptions {
  /** Check requests at all. Config `CSRF_ENABLED`; default true. */
  enabled?: boolean;
  /** Seconds a token stays valid; null never expires. Config `CSRF_TIME_LIMIT`; default 3600. */
  timeLimit?: number | null;
  /** The form field holding the token. Default 'csrf_token'. */
  fieldName?: string;
  /** Headers holding the token, for fetch and HTMX. Default `['X-CSRF-Token', 'X-CSRFToken']`. */
  headerNames?: readonly string[];
  /** Methods that are checked. Default POST, PUT, PATCH, DELETE. */
  methods?: readonly string[];
  /** Endpoints or blueprint names that are not checked (webhooks, token APIs). */
  exempt?: readonly string[];
  /**
   * Origin/Referer checking for unsafe methods, a second layer: 'https' (default) checks only
   * requests over HTTPS, 'always' every request, false none. Config `CSRF_CHECK_ORIGIN`.
   */
  checkOrigin?: 'https' | 'always' | false;
  /**
   * Other origins allowed to post (`https://admin.example.com`; a bare host means https).
   * The request's own origin is always trusted. Config `CSRF_TRUSTED_ORIGINS`; default [].
   */
  trustedOrigins?: readonly string[];
}

/** Defaults of {@link CsrfOptions}, one frozen object. */
export const CSRF_DEFAULTS = Object.freeze({
  enabled: true,
  timeLimit: 3600 as number | null,
  fieldName: 'csrf_token',
  headerNames: Object.freeze(['X-CSRF-Token', 'X-CSRFToken']),
  methods: Object.freeze(['POST', 'PUT', 'PATCH', 'DELETE']),
  checkOrigin: 'https' as 'https' | 'always' | false,
  trustedOrigins: Object.freeze([] as string[]),
});

/** The CSRF extension: `app.use(csrf())`, plus exemptions. */
export interface CsrfExtension<E extends AppTypes = AppTypes> extends Extension<E> {
  /**
   * Exempts an endpoint (`'webhook'`, `'api.upload'`, a route ref, a named view function) or a whole blueprint
   * (`'api'`, with its nested blueprints) from the check. Call it during setup.
   */
  exempt(target: string | { readonly endpoint: string } | ((...args: never[]) => unknown)): this;
  /** True when the request's endpoint or blueprint is exempt. */
  isExempt(c: Context): boolean;
  /** Checks a request as the hook does; throws {@link CSRFError}. For custom flows (`protect`). */
  protect(c: Context): Promise<void>;
}

function normalizeOrigin(origin: string): string {
  const withScheme = origin.includes('://') ? origin : `https://${origin}`;
  try {
    return new URL(withScheme).origin;
  } catch {
    throw new SetupError(
      `CSRF trusted origin ${JSON.stringify(origin)} is not a URL or host.`,
      'csrf_origin',
    );
  }
}

/**
 * CSRF protection for every unsafe request, Flask-WTF's `CSRFProtect`: a before-request hook
 * checks the token from the form field `csrf_token` or the `X-CSRF-Token` header against the
 * session, so a forged request fails with a 400 before the view runs (nothing is written).
 * Templates get `csrfToken()` and `csrfField()`. Needs a SECRET_KEY.
 *
 * @example
 * ```ts
 * app.use(csrf({ exempt: ['stripeWebhook'] }));
 * // <form method="post"><%= it.csrfField() %> … </form>
 * ```
 */
export function csrf<E extends AppTypes = AppTypes>(options: CsrfOptions = {}): CsrfExtension<E> {
  const exempt = new Set(options.exempt ?? []);
  let appRef: Flagon<E> | undefined;
  const settings = (c: Context) => {
    const config = c.config as Record<string, unknown>;
    const fromConfig = <T>(key: string, fallback: T): T =>
      config[key] === undefined ? fallback : (config[key] as T);
    return {
      enabled: options.enabled ?? fromConfig('CSRF_ENABLED', CSRF_DEFAULTS.enabled),
      timeLimit:
        options.timeLimit !== undefined
          ? options.timeLimit
          : fromConfig('CSRF_TIME_LIMIT', CSRF_DEFAULTS.timeLimit),
      fieldName: options.fieldName ?? CSRF_DEFAULTS.fieldName,
      headerNames: options.headerNames ?? CSRF_DEFAULTS.headerNames,
      methods: options.methods ?? CSRF_DEFAULTS.methods,
      checkOrigin: options.checkOrigin ?? fromConfig('CSRF_CHECK_ORIGIN', CSRF_DEFAULTS.checkOrigin),
      trustedOrigins: options.trustedOrigins ?? fromConfig<readonly string[]>('CSRF_TRUSTED_ORIGINS', []),
    };
  };

  const originFailure = (c: Context, trusted: readonly string[]): CsrfFailure | undefined => {
    // The origin the client sees: behind a trusted proxy (PROXY_FIX) the forwarded scheme and host.
    const own = `${c.req.scheme}://${c.req.host}`;
    const allowed = new Set([own, ...trusted.map(normalizeOrigin)]);
    const origin = c.req.header('origin');
    if (origin !== undefined) return allowed.has(origin) ? undefined : 'origin_mismatch';
    const referer = c.req.header('referer');
    if (!referer) return 'referrer_missing';
    try {
      return allowed.has(new URL(referer).origin) ? undefined : 'referrer_mismatch';
    } catch {
      return 'referrer_mismatch';
    }
  };

  const extension: CsrfExtension<E> = {
    name: 'csrf',
    exempt(target) {
      if (appRef && Object.isFrozen(appRef.config)) {
        throw new SetupError(
          `csrf.exempt(${JSON.stringify(target)}) was called after the app handled its first request. Exempt views during setup.`,
          'setup_finished',
        );
      }
      const name =
        typeof target === 'string' ? target : typeof target === 'function' ? target.name : target.endpoint;
      if (!name)
        throw new SetupError('csrf.exempt() needs an endpoint name, a route ref or a named view function.');
      exempt.add(name);
      return this;
    },
    isExempt(c) {
      if (c.endpoint !== null && exempt.has(c.endpoint)) return true;
      const blueprint = c.blueprint;
      if (!blueprint) return false;
      for (const name of exempt) if (blueprint === name || blueprint.startsWith(`${name}.`)) return true;
      return false;
    },
    async protect(c) {
      const s = settings(c);
      const secure = c.req.scheme === 'https';
      if (s.checkOrigin === 'always' || (s.checkOrigin === 'https' && secure)) {
        const failure = originFailure(c, s.trustedOrigins);
        if (failure) throw new CSRFError(failure);
      }
      let token: string | undefined;
      for (const header of s.headerNames) {
        token = c.req.header(header);
        if (token !== undefined) break;
      }
      if (token === undefined) {
        const type = c.req.mimetype;
        if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') {
          const values = (await c.req.formData()).getAll(s.fieldName);
          if (values.length > 1) throw new CSRFError('duplicate');
          const value = values[0];
          token = typeof value === 'string' ? value : undefined;
        }
      }
      const failure = await checkCsrfToken(c, token, s.timeLimit);
      if (failure) throw new CSRFError(failure);
    },
    setup(app: Flagon<E>) {
      appRef = app;
      app.addHook(
        'beforeRequest',
        async (c: Context) => {
          const s = settings(c);
          if (!s.enabled || !s.methods.includes(c.req.method) || extension.isExempt(c)) return;
          await extension.protect(c);
        },
        null,
      );
      app.addHook(
        'contextProcessor',
        async (c: Context) => {
          const token = await csrfToken(c);
          const field = hiddenField(settings(c).fieldName, token);
          return { csrfToken: () => token, csrfField: () => field };
        },
        null,
      );
    },
  };
  return extension;
}
