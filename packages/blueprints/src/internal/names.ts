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

/** The error for a subdomain, which core cannot route yet. */
export function noSubdomains(name: string): BlueprintError {
  return new BlueprintError(
    `The blueprint "${name}" asks for a subdomain, but @flagon/core has no subdomain routing yet; ` +
      'its routes would answer on every host. Use a urlPrefix instead.',
    'subdomain_unsupported',
    name,
  );
}
