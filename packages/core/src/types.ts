import type { ConverterTypes } from './converters.js';

type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;
type SplitItems<S extends string> = S extends `${infer Head},${infer Tail}`
  ? Trim<Head> | SplitItems<Tail>
  : Trim<S>;

/** The value type of a converter written in a rule, e.g. `int` → number, `any(a,b)` → 'a' | 'b'. */
export type ConverterValue<C extends string> = C extends `any(${infer Items})`
  ? SplitItems<Items>
  : C extends `${infer Name}(${string})`
    ? Name extends keyof ConverterTypes
      ? ConverterTypes[Name]
      : unknown
    : C extends keyof ConverterTypes
      ? ConverterTypes[C]
      : unknown;

type ParamEntry<P extends string> = P extends `${infer Conv}:${infer Name}`
  ? { [K in Name]: ConverterValue<Conv> }
  : { [K in P]: string };

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type Collect<R extends string> = R extends `${string}<${infer Param}>${infer Rest}`
  ? ParamEntry<Param> & Collect<Rest>
  : unknown;

/**
 * The parameters of a rule, inferred from its text.
 *
 * @example
 * ```ts
 * type P = RouteParams<'/post/<int:id>/<slug>'>; // { id: number; slug: string }
 * ```
 */
export type RouteParams<R extends string> = string extends R ? Record<string, unknown> : Simplify<Collect<R>>;
