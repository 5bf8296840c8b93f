import type { Flagon, View } from '@flagon/core';
import { BlueprintError } from './blueprint-error.js';
import { applyPrefix } from './internal/url-prefix.js';
import type { BlueprintRegisterOptions, BlueprintRouteOptions } from './types.js';

/**
 * What a recorded operation receives when a blueprint is registered: the app, the full dotted name
 * of this registration, its prefix and defaults. Like Flask's `BlueprintSetupState`.
 *
 * @example
 * ```ts
 * bp.record((state) => state.app.logger.info(`${state.name} mounted at ${state.urlPrefix ?? '/'}`));
 * ```
 */
export class BlueprintSetupState {
  /** The app the blueprint is being registered on. */
  readonly app: Flagon;
  /** The full dotted name of this registration (`auth`, `parent.child`): the hook and handler scope. */
  readonly name: string;
  /** The effective URL prefix, or undefined. */
  readonly urlPrefix: string | undefined;
  /** Route defaults for every route of this registration. */
  readonly urlDefaults: Readonly<Record<string, unknown>>;
  /** True when the blueprint was not registered on this app before. */
  readonly firstRegistration: boolean;
  /** The options given to `register`. */
  readonly options: Readonly<BlueprintRegisterOptions>;

  constructor(init: {
    app: Flagon;
    name: string;
    urlPrefix: string | undefined;
    urlDefaults: Readonly<Record<string, unknown>>;
    firstRegistration: boolean;
    options: BlueprintRegisterOptions;
  }) {
    this.app = init.app;
    this.name = init.name;
    this.urlPrefix = init.urlPrefix;
    this.urlDefaults = init.urlDefaults;
    this.firstRegistration = init.firstRegistration;
    this.options = init.options;
  }

  /**
   * Adds a route to the app under this registration: the rule gets the prefix, the endpoint the
   * dotted name (`parent.child.view`), and the defaults this registration's `urlDefaults`.
   */
  addUrlRule(rule: string, options: BlueprintRouteOptions & { endpoint: string }, view: View): void {
    const hasDefaults = Object.keys(this.urlDefaults).length > 0 || options.defaults !== undefined;
    const path = applyPrefix(this.urlPrefix, rule);
    if (path !== '' && !path.startsWith('/')) {
      throw new BlueprintError(
        `${this.name}.route(${JSON.stringify(rule)}): a rule must start with "/" when the blueprint ` +
          'has no url prefix (under a prefix, "bar" joins it as "/prefix/bar").',
        'bad_rule',
        this.name,
      );
    }
    this.app.route(
      path,
      {
        ...options,
        endpoint: `${this.name}.${options.endpoint}`,
        blueprint: this.name,
        defaults: hasDefaults ? { ...this.urlDefaults, ...options.defaults } : undefined,
      },
      view,
    );
  }
}
