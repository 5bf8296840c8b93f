import type { RouteOptions } from '@flagon/core';
import type { BlueprintSetupState } from './setup-state.js';

/** An operation recorded on a blueprint and replayed on each registration. */
export type DeferredSetup = (state: BlueprintSetupState) => void;

/** Options of `new Blueprint(name, options)`. */
export interface BlueprintOptions {
  /** A path prepended to every route of the blueprint (`/auth`). Default: none. */
  urlPrefix?: string;
  /**
   * Not supported yet: `@flagon/core` has no subdomain routing. Passing a value throws a
   * `BlueprintError` rather than serving the routes on every host.
   */
  subdomain?: string;
  /** Route defaults for every route of the blueprint: values for params the URL does not carry. */
  urlDefaults?: Record<string, unknown>;
  /** The blueprint's templates folder, relative to `root`; searched after the app's. Default: none. */
  templateFolder?: string | null;
  /** The blueprint's static folder, relative to `root`. Default: none. */
  staticFolder?: string | null;
  /** The URL path of the static files, under the blueprint's prefix. Default `/static`. */
  staticUrlPath?: string;
  /**
   * The blueprint's folder (`import.meta.dirname`), against which `templateFolder` and
   * `staticFolder` resolve. Default: none, and relative folders resolve against the working directory
   * (`resolveFolder` of @flagon/core).
   */
  root?: string;
  /**
   * Beyond Flask: the blueprint owns its URL space. An unmatched URL under its prefix (a 404) and
   * a wrong method there (a 405) go to the blueprint's own error handlers first, then the app's,
   * instead of the app's alone. Needs a `urlPrefix`. Default false.
   */
  ownUrlSpace?: boolean;
}

/** Options of `app.register(blueprint, options)` and `parent.register(child, options)`. */
export interface BlueprintRegisterOptions {
  /** Overrides the blueprint's `urlPrefix` for this registration. */
  urlPrefix?: string;
  /** The name for this registration; needed to register one blueprint twice. Default: its own name. */
  name?: string;
  /** Route defaults added to the blueprint's own `urlDefaults` for this registration. */
  urlDefaults?: Record<string, unknown>;
  /** Not supported yet (see {@link BlueprintOptions.subdomain}). */
  subdomain?: string;
  /** Overrides the blueprint's `ownUrlSpace` for this registration. */
  ownUrlSpace?: boolean;
}

/** Options of a blueprint's route: the app's route options, without the internal `blueprint`. */
export type BlueprintRouteOptions = Omit<RouteOptions, 'blueprint'>;

/** What `app.blueprints.get(name)` holds for each registration of a blueprint. */
export interface BlueprintRegistration {
  /** The full dotted name: `auth`, or `parent.child` when nested. */
  readonly name: string;
  /** The registered blueprint. */
  readonly blueprint: { readonly name: string };
  /** The dotted name of the parent registration, or null when registered on the app. */
  readonly parent: string | null;
  /** The effective URL prefix (joined with the parents'), or undefined. */
  readonly urlPrefix: string | undefined;
  /** The effective route defaults of this registration. */
  readonly urlDefaults: Readonly<Record<string, unknown>>;
  /** True when this was the blueprint's first registration on this app. */
  readonly firstRegistration: boolean;
}
