// Loading

export type { ConfigContext, ConfigModule } from './define-config.js';
export { defineConfig } from './define-config.js';
export type {
  DefaultsConfigOptions,
  LoadConfigBaseOptions,
  LoadConfigOptions,
  SchemaConfigOptions,
  UntypedConfigOptions,
} from './load-config.js';
export { loadConfig } from './load-config.js';
export type { ConfigWatcher, WatchOptions } from './watch-config.js';
export { watchConfig } from './watch-config.js';

// Reading: provenance, listing, namespaces, secrets

export type { ConfigInfo, DescribedKey } from './describe.js';
export { configInfo, describe } from './describe.js';
export type { ExplainEntry, ShowOptions } from './explain.js';
export { explain } from './explain.js';
export type { Namespace, NamespaceOptions } from './get-namespace.js';
export { getNamespace } from './get-namespace.js';
export { isSecretKey, REDACTED, redactValue } from './redact.js';
export { reveal } from './reveal.js';

// Guards and errors

export type { ConfigErrorCode, ConfigIssue, ConfigIssueCode } from './config-error.js';
export { ConfigError } from './config-error.js';
export type { RequireInProductionOptions } from './require-in-production.js';
export { requireInProduction } from './require-in-production.js';

// Types

export type {
  InferSchemaInput,
  InferSchemaOutput,
  StandardSchemaIssue,
  StandardSchemaPathSegment,
  StandardSchemaProps,
  StandardSchemaResult,
  StandardSchemaTypes,
  StandardSchemaV1,
} from '@flagon/internal';
export type { ConfigSource, ConfigSourceKind } from './config-source.js';
export type { Config, ConfigKey, DeepPartial, Revealed } from './types.js';
