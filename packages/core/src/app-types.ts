import type { CoreConfig } from './defaults.js';

/**
 * The types an app is parameterized with, all optional:
 * `G` (the per-request `c.g`), `Session` (what `c.session` holds), `Config` (the app's own
 * config keys, next to the core's), and `Services` (request-scoped services such as `c.db`).
 *
 * @example
 * ```ts
 * const app = new Flagon<{ G: { user?: User }; Session: { userId?: number }; Services: { db: Db } }>();
 * ```
 */
export interface AppTypes {
  G?: object;
  Session?: object;
  Config?: object;
  Services?: object;
}

/** `c.g`'s type for an app. */
export type GOf<E extends AppTypes> = E extends { G: infer T extends object } ? T : Record<string, unknown>;
/** `c.session`'s data type for an app. */
export type SessionOf<E extends AppTypes> = E extends { Session: infer T extends object }
  ? T
  : Record<string, unknown>;
/** `app.config`'s type for an app. */
export type ConfigOf<E extends AppTypes> = E extends { Config: infer T extends object }
  ? CoreConfig & T
  : CoreConfig & Record<string, unknown>;
/** The request-scoped services of an app. */
export type ServicesOf<E extends AppTypes> = E extends { Services: infer T extends object } ? T : unknown;
