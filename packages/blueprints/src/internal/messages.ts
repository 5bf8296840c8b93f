import { BlueprintError } from '../blueprint-error.js';

/** Throws unless `name` is a non-empty blueprint name without dots. */
export function checkName(name: unknown, what: string, blueprint: string): void {
  if (typeof name !== 'string' || name === '') {
    throw new BlueprintError(`A blueprint's ${what} may not be empty.`, 'bad_blueprint_name', blueprint);
  }
  if (name.includes('.')) {
    throw new BlueprintError(
      `The blueprint ${what} "${name}" may not contain a dot '.': dots separate nested blueprints in ` +
        `endpoints ("parent.child.view"). Use "${name.replaceAll('.', '_')}", or nest one blueprint in another.`,
      'bad_blueprint_name',
      blueprint,
    );
  }
}

/** The message for a blueprint route's endpoint with a dot (`auth.route('/login', { endpoint: 'a.b' })`). */
export function dottedEndpoint(name: string, rule: string, endpoint: string): string {
  return (
    `${name}.route(${JSON.stringify(rule)}): the endpoint "${endpoint}" may not contain a dot; ` +
    `the blueprint adds "${name}." itself.`
  );
}

/** The error for a subdomain, which core cannot route yet. */
export function noSubdomains(name: string): BlueprintError {
  return new BlueprintError(
    `The blueprint "${name}" asks for a subdomain, but @flagon/core has no subdomain routing yet; ` +
      'its routes would answer on every host. Use a urlPrefix instead.',
    'subdomain_unsupported',
    name,
  );
}

/** `blueprint "admin" (prefix "/admin"; routes /users, /orders; root /srv/shop)`: enough to tell two apart. */
export function describeBlueprint(
  name: string,
  urlPrefix: string | undefined,
  rules: readonly string[],
  root: string | undefined,
): string {
  const parts: string[] = [];
  if (urlPrefix !== undefined) parts.push(`prefix "${urlPrefix}"`);
  const shown = rules.slice(0, 3).join(', ');
  parts.push(rules.length === 0 ? 'no routes' : `routes ${shown}${rules.length > 3 ? ', …' : ''}`);
  if (root !== undefined) parts.push(`root ${root}`);
  return `blueprint "${name}" (${parts.join('; ')})`;
}

/** The same blueprint registered twice under one name. */
export function registeredTwice(name: string, selfName: string, described: string): BlueprintError {
  return new BlueprintError(
    `The name "${name}" is already registered for this blueprint (${described}). ` +
      `To register it again, give the second registration another name: { name: "${selfName}_2" }.`,
    'blueprint_registered_twice',
    name,
  );
}

/** Two different blueprints asking for one name. */
export function nameClash(name: string, described: string, other: string): BlueprintError {
  return new BlueprintError(
    `Cannot register ${described} as "${name}": the name is already taken by a different blueprint, ` +
      `${other}. Rename one of them, or register this one with { name: "..." }.`,
    'blueprint_name_clash',
    name,
  );
}

/** A setup method called after registration (Flask's wording). */
export function setupFinished(name: string, method: string): BlueprintError {
  return new BlueprintError(
    `The setup method '${method}' can no longer be called on the blueprint '${name}'. ` +
      'It has already been registered at least once, any changes will not be applied consistently. ' +
      'Make sure every route, hook, error handler and nested blueprint is added before the blueprint ' +
      'is registered (app.register(bp)).',
    'blueprint_setup_finished',
    name,
  );
}
