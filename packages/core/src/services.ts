import { SetupError } from './errors.js';

/**
 * Defines a request-scoped service on an app's context class: `c[name]`, made by `factory(c)` on
 * first use in a request and kept for the rest of it.
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
    get(this: object) {
      const value = factory(this);
      Object.defineProperty(this, name, { value, writable: true, configurable: true });
      return value;
    },
  });
}
