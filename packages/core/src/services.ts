import { SetupError } from './errors.js';

/** Where a context keeps the services made in its request (`Context.serviceValues`). */
interface ServiceSlots {
  serviceValues: Map<string, unknown> | undefined;
}

/**
 * Defines a request-scoped service on an app's context class: `c[name]`, made by `factory(c)` on
 * first use in a request and kept for the rest of it (assigning `c[name]` replaces it). The value
 * is kept in the context's own map rather than as a property added to the context, which would
 * change the object's shape on every request.
 */
export function defineService(prototype: object, name: string, factory: (c: object) => unknown): void {
  if (name in prototype) {
    throw new SetupError(
      `A service named "${name}" clashes with an existing context property.`,
      'service_clash',
    );
  }
  Object.defineProperty(prototype, name, {
    configurable: true,
    get(this: ServiceSlots) {
      const made = this.serviceValues;
      if (made?.has(name)) return made.get(name);
      const value = factory(this);
      keep(this, name, value);
      return value;
    },
    set(this: ServiceSlots, value: unknown) {
      keep(this, name, value);
    },
  });
}

function keep(c: ServiceSlots, name: string, value: unknown): void {
  c.serviceValues ??= new Map();
  c.serviceValues.set(name, value);
}
