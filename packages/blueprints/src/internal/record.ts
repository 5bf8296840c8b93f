import type { Flagon, RouteRef, View } from '@flagon/core';
import type { Blueprint } from '../blueprint.js';
import { BlueprintError } from '../blueprint-error.js';
import { BlueprintSetupState } from '../setup-state.js';
import type {
  BlueprintRegisterOptions,
  BlueprintRegistration,
  BlueprintRouteOptions,
  DeferredSetup,
} from '../types.js';
import { checkName, describeBlueprint, nameClash, noSubdomains, registeredTwice } from './messages.js';
import { staticView } from './static-view.js';
import { joinPrefixes, normalizePrefix } from './url-prefix.js';

/** Internal: The parts of a blueprint that its registration reads (none depend on the app's types). */
type Owner = Pick<
  Blueprint,
  | 'name'
  | 'urlPrefix'
  | 'urlValuesDefaults'
  | 'root'
  | 'templateFolder'
  | 'staticFolder'
  | 'staticUrlPath'
  | 'ownUrlSpace'
>;

/** Internal: Each blueprint's record, to describe the other blueprint of a name clash. */
const records = new WeakMap<object, BlueprintRecord>();

/**
 * Internal: What one blueprint recorded during setup (operations, nested blueprints, rules) and its
 * replay onto an app on each registration: name checks, prefix joining, the template and static
 * folders, then the recorded operations and the nested blueprints, in that order.
 */
export class BlueprintRecord {
  readonly #owner: Owner;
  readonly #deferred: DeferredSetup[] = [];
  readonly #children: { record: BlueprintRecord; options: BlueprintRegisterOptions }[] = [];
  readonly #rules: string[] = [];
  #registered = false;
  #firstName: string | undefined;

  constructor(owner: Owner) {
    this.#owner = owner;
    records.set(owner, this);
  }

  /** True once the blueprint is registered on an app: its setup is finished. */
  get registered(): boolean {
    return this.#registered;
  }

  /** Records an operation to replay on every registration. */
  add(operation: DeferredSetup): void {
    this.#deferred.push(operation);
  }

  /** Records an operation to replay on the first registration on each app only. */
  addOnce(operation: DeferredSetup): void {
    this.#deferred.push((state) => {
      if (state.firstRegistration) operation(state);
    });
  }

  /**
   * Records a route, replayed under each registration's prefix and name, and returns its ref: the
   * endpoint is the full endpoint of the first registration (`.view` until then).
   */
  addRoute(rule: string, options: BlueprintRouteOptions & { endpoint: string }, view: View): RouteRef {
    this.#rules.push(rule);
    this.#deferred.push((state) => state.addUrlRule(rule, options, view));
    const { endpoint } = options;
    const record = this;
    return Object.freeze({
      rule,
      get endpoint(): string {
        const name = record.#firstName;
        return name === undefined ? `.${endpoint}` : `${name}.${endpoint}`;
      },
    });
  }

  /** Records a nested blueprint, replayed after this one's operations under its name and prefix. */
  nest(child: BlueprintRecord, options: BlueprintRegisterOptions): void {
    const { name } = this.#owner;
    if (child === this || child.#contains(this)) {
      throw new BlueprintError(
        `Cannot register the blueprint "${child.#owner.name}" inside "${name}": ` +
          (child === this
            ? 'a blueprint cannot be registered on itself.'
            : `"${name}" is already inside it.`),
        'blueprint_cycle',
        name,
      );
    }
    if (options.name !== undefined) checkName(options.name, 'registration name', child.#owner.name);
    if (options.subdomain !== undefined) throw noSubdomains(child.#owner.name);
    this.#children.push({ record: child, options: { ...options } });
  }

  /** Replays everything recorded onto `app` (and the nested blueprints after it). */
  registerOn(app: Flagon, options: BlueprintRegisterOptions): void {
    if (!app || typeof app.route !== 'function' || typeof app.addHook !== 'function') {
      const { name } = this.#owner;
      throw new BlueprintError(
        `${name}.register() needs a Flagon app or a blueprint to nest.`,
        'bad_target',
        name,
      );
    }
    this.#replay(app, options, null);
  }

  #contains(other: BlueprintRecord): boolean {
    return this.#children.some(({ record }) => record === other || record.#contains(other));
  }

  #replay(app: Flagon, options: BlueprintRegisterOptions, parent: string | null): void {
    const owner = this.#owner;
    const selfName = options.name ?? owner.name;
    if (options.name !== undefined) checkName(options.name, 'registration name', owner.name);
    if (options.subdomain !== undefined) throw noSubdomains(owner.name);
    const name = parent === null ? selfName : `${parent}.${selfName}`;
    const existing = app.blueprints.get(name);
    if (existing !== undefined) throw this.#clash(name, selfName, existing);
    const firstRegistration = ![...app.blueprints.values()].some(
      (info) => (info as Partial<BlueprintRegistration> | null)?.blueprint === owner,
    );
    const urlPrefix = normalizePrefix(options.urlPrefix) ?? owner.urlPrefix;
    const urlDefaults = Object.freeze({ ...owner.urlValuesDefaults, ...options.urlDefaults });
    const registration: BlueprintRegistration = Object.freeze({
      name,
      blueprint: owner,
      parent,
      urlPrefix,
      urlDefaults,
      firstRegistration,
    });
    app.blueprints.set(name, registration);
    this.#registered = true;
    this.#firstName ??= name;
    const state = new BlueprintSetupState({ app, name, urlPrefix, urlDefaults, firstRegistration, options });
    if (owner.templateFolder !== null && !app.templateFolders.includes(owner.templateFolder)) {
      app.templateFolders.push(owner.templateFolder);
    }
    if (owner.staticFolder !== null) {
      state.addUrlRule(
        `${owner.staticUrlPath}/<path:filename>`,
        { endpoint: 'static' },
        staticView(owner.staticFolder) as unknown as View,
      );
    }
    if ((options.ownUrlSpace ?? owner.ownUrlSpace) && urlPrefix) app.ownUrlPrefix(urlPrefix, name);
    for (const fn of this.#deferred) fn(state);
    for (const { record: child, options: childOptions } of this.#children) {
      const childPrefix = normalizePrefix(childOptions.urlPrefix) ?? child.#owner.urlPrefix;
      child.#replay(app, { ...childOptions, urlPrefix: joinPrefixes(urlPrefix, childPrefix) }, name);
    }
  }

  #clash(name: string, selfName: string, existing: unknown): BlueprintError {
    const other = (existing as Partial<BlueprintRegistration> | null)?.blueprint;
    if (other === this.#owner) return registeredTwice(name, selfName, this.#describe());
    const otherRecord = records.get(other as object);
    const otherText = otherRecord ? otherRecord.#describe() : `something else registered as "${name}"`;
    return nameClash(name, this.#describe(), otherText);
  }

  #describe(): string {
    const { name, urlPrefix, root } = this.#owner;
    return describeBlueprint(name, urlPrefix, this.#rules, root);
  }
}
