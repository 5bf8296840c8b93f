/** Values that are kept whole: never frozen into, merged or walked as config sections. */
type Opaque =
  | string
  | number
  | boolean
  | bigint
  | symbol
  | null
  | undefined
  | Date
  | RegExp
  | URL
  | ((...args: never[]) => unknown)
  | ReadonlyMap<unknown, unknown>
  | ReadonlySet<unknown>;

/**
 * A deeply read-only view of `T`: what `loadConfig` returns.
 *
 * @example
 * ```ts
 * const config: Config<{ DB: { URL: string } }> = await loadConfig({ defaults: { DB: { URL: '' } } });
 * ```
 */
export type Config<T> = unknown extends T
  ? T
  : T extends Opaque
    ? T
    : T extends ReadonlyArray<infer E>
      ? ReadonlyArray<Config<E>>
      : { readonly [K in keyof T]: Config<T[K]> };

/**
 * A deep partial of `T`: what a config file or `overrides` may set.
 *
 * @example
 * ```ts
 * const overrides: DeepPartial<{ DB: { URL: string; POOL: number } }> = { DB: { POOL: 1 } };
 * ```
 */
export type DeepPartial<T> = unknown extends T
  ? T
  : T extends Opaque
    ? T
    : T extends ReadonlyArray<unknown>
      ? T
      : { [K in keyof T]?: DeepPartial<T[K]> };

/**
 * A deep mutable copy of a config: what `reveal` returns.
 *
 * @example
 * ```ts
 * const plain: Revealed<typeof config> = reveal(config);
 * ```
 */
export type Revealed<T> = unknown extends T
  ? T
  : T extends Opaque
    ? T
    : T extends ReadonlyArray<infer E>
      ? Array<Revealed<E>>
      : { -readonly [K in keyof T]: Revealed<T[K]> };

type Section<V> = V extends Opaque ? never : V extends ReadonlyArray<unknown> ? never : V;
type Prev = [never, 0, 1, 2, 3, 4, 5];

/**
 * Every key of a config as a dotted path (`'DB'`, `'DB.POOL'`, `'DB.POOL.MAX'`), up to six levels deep.
 *
 * @example
 * ```ts
 * const key: ConfigKey<{ DB: { POOL: { MAX: number } } }> = 'DB.POOL.MAX';
 * ```
 */
export type ConfigKey<T, D extends number = 6> = [D] extends [never]
  ? never
  : {
      [K in keyof T & string]:
        | K
        | (Section<NonNullable<T[K]>> extends never
            ? never
            : `${K}.${ConfigKey<NonNullable<T[K]>, Prev[D]>}`);
    }[keyof T & string];
