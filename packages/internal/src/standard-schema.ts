/**
 * The Standard Schema interface, version 1 (https://standardschema.dev), declared once for every
 * Flagon package so that none depends on a schema library. zod, valibot, arktype and others
 * implement it.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * const schema: StandardSchemaV1<unknown, { PORT: number }> = z.object({ PORT: z.number() });
 * ```
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The standard properties. */
  readonly '~standard': StandardSchemaProps<Input, Output>;
}

/**
 * The properties behind a schema's `~standard` key.
 *
 * @example
 * ```ts
 * const result = await schema['~standard'].validate({ PORT: 80 });
 * ```
 */
export interface StandardSchemaProps<Input = unknown, Output = Input> {
  /** The version of the standard, always 1. */
  readonly version: 1;
  /** The library that implements the schema. */
  readonly vendor: string;
  /** Validates a value; may return a promise. */
  readonly validate: (value: unknown) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>;
  /** Carries the input and output types for inference; absent at run time. */
  readonly types?: StandardSchemaTypes<Input, Output> | undefined;
}

/**
 * The result of `validate`: a value or a list of issues.
 *
 * @example
 * ```ts
 * const ok: StandardSchemaResult<{ PORT: number }> = { value: { PORT: 80 } };
 * ```
 */
export type StandardSchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardSchemaIssue> };

/**
 * One validation problem reported by a schema.
 *
 * @example
 * ```ts
 * const issue: StandardSchemaIssue = { message: 'Expected number', path: ['DB', 'PORT'] };
 * ```
 */
export interface StandardSchemaIssue {
  /** What went wrong, in the library's words. */
  readonly message: string;
  /** Where it went wrong. */
  readonly path?: ReadonlyArray<PropertyKey | StandardSchemaPathSegment> | undefined;
}

/**
 * A path segment given as an object.
 *
 * @example
 * ```ts
 * const segment: StandardSchemaPathSegment = { key: 'PORT' };
 * ```
 */
export interface StandardSchemaPathSegment {
  /** The key of this segment. */
  readonly key: PropertyKey;
}

/**
 * The input and output types a schema carries.
 *
 * @example
 * ```ts
 * type Out = NonNullable<(typeof schema)['~standard']['types']>['output'];
 * ```
 */
export interface StandardSchemaTypes<Input = unknown, Output = Input> {
  /** The type the schema accepts. */
  readonly input: Input;
  /** The type the schema produces. */
  readonly output: Output;
}

/**
 * The type a schema accepts.
 *
 * @example
 * ```ts
 * type In = InferSchemaInput<typeof schema>;
 * ```
 */
export type InferSchemaInput<S extends StandardSchemaV1> = NonNullable<S['~standard']['types']>['input'];

/**
 * The type a schema produces: the type of a config loaded with it.
 *
 * @example
 * ```ts
 * type AppConfig = InferSchemaOutput<typeof schema>;
 * ```
 */
export type InferSchemaOutput<S extends StandardSchemaV1> = NonNullable<S['~standard']['types']>['output'];
