// The blueprint

export type { DeferredSetup } from './blueprint.js';
export { Blueprint } from './blueprint.js';
export { BlueprintError } from './blueprint-error.js';
export { BlueprintSetupState } from './setup-state.js';
export type {
  BlueprintOptions,
  BlueprintRegisterOptions,
  BlueprintRegistration,
  BlueprintRouteOptions,
} from './types.js';
