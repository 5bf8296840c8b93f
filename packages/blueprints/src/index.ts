// The blueprint
export { Blueprint } from './blueprint.js';
// Errors
export { BlueprintError } from './blueprint-error.js';

// Registration
export { BlueprintSetupState } from './setup-state.js';
export type {
  BlueprintOptions,
  BlueprintRegisterOptions,
  BlueprintRegistration,
  BlueprintRouteOptions,
  DeferredSetup,
} from './types.js';
