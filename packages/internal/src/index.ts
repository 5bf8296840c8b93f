// Helpers shared by Flagon's packages. This package is private: each package that imports it
// bundles what it uses (tsup.base.ts), so published packages neither depend on it nor copy it.

// "Did you mean"

export { closeMatches, editDistance } from './close-matches.ts';

// Node built-ins, where the runtime has them

export { loadBuiltin } from './node-builtin.ts';

// Standard Schema

export type {
  InferSchemaInput,
  InferSchemaOutput,
  StandardSchemaIssue,
  StandardSchemaPathSegment,
  StandardSchemaProps,
  StandardSchemaResult,
  StandardSchemaTypes,
  StandardSchemaV1,
} from './standard-schema.ts';
