import { SetupError } from '@flagon/core';

/**
 * A mistake in setting up or registering a blueprint: a bad name, a name clash, a change after
 * registration. `code` says which; `blueprint` names the blueprint at fault.
 *
 * @example
 * ```ts
 * try { app.register(auth); } catch (e) { if (e instanceof BlueprintError) console.log(e.code); }
 * ```
 */
export class BlueprintError extends SetupError {
  /** The name of the blueprint at fault. */
  readonly blueprint: string;

  constructor(message: string, code: string, blueprint: string) {
    super(message, code);
    this.name = 'BlueprintError';
    this.blueprint = blueprint;
  }
}
