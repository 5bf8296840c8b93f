import type { RowOf, Table, Tables } from './schema/table.js';

/** The four relation kinds. */
export type RelationKind = 'belongsTo' | 'hasOne' | 'hasMany' | 'manyToMany';

/**
 * A relation from a source table to `Target`, declared in `createDatabase({ relations })`.
 * Relations are only ever loaded eagerly, in one batched query each, with `.with(name)`.
 */
export interface Relation<
  Kind extends RelationKind = RelationKind,
  Target extends Table = Table,
  FK extends string = string,
> {
  readonly kind: Kind;
  readonly target: Target;
  /**
   * belongsTo: the column on the source table holding the target's key;
   * hasOne / hasMany: the column on the target table holding the source's key;
   * manyToMany: the join-table column holding the source's key.
   */
  readonly foreignKey: FK;
  /** belongsTo: the referenced target column (default its primary key). */
  readonly targetKey: string | undefined;
  /** manyToMany: the join table. */
  readonly through: Table | undefined;
  /** manyToMany: the join-table column holding the target's key. */
  readonly throughTargetKey: string | undefined;
}

function relation<K extends RelationKind, T extends Table, F extends string>(
  kind: K,
  target: T,
  foreignKey: F,
  extra: Partial<Pick<Relation, 'targetKey' | 'through' | 'throughTargetKey'>> = {},
): Relation<K, T, F> {
  return Object.freeze({
    kind,
    target,
    foreignKey,
    targetKey: extra.targetKey,
    through: extra.through,
    throughTargetKey: extra.throughTargetKey,
  });
}

/**
 * The source row holds the target's key: `post.authorId → user.id`.
 *
 * @example
 * ```ts
 * relations: { posts: { author: belongsTo(users, 'authorId') } }
 * ```
 */
export function belongsTo<const T extends Table, const F extends string>(
  target: T,
  foreignKey: F,
  options: { targetKey?: keyof T['columns'] & string } = {},
): Relation<'belongsTo', T, F> {
  return relation('belongsTo', target, foreignKey, { targetKey: options.targetKey });
}

/**
 * Target rows hold the source's key: `user.id ← post.authorId`.
 *
 * @example
 * ```ts
 * relations: { users: { posts: hasMany(posts, 'authorId') } }
 * ```
 */
export function hasMany<const T extends Table, const F extends keyof T['columns'] & string>(
  target: T,
  foreignKey: F,
): Relation<'hasMany', T, F> {
  return relation('hasMany', target, foreignKey);
}

/**
 * Like {@link hasMany} but at most one target row (`null` when there is none).
 *
 * @example
 * ```ts
 * relations: { users: { profile: hasOne(profiles, 'userId') } }
 * ```
 */
export function hasOne<const T extends Table, const F extends keyof T['columns'] & string>(
  target: T,
  foreignKey: F,
): Relation<'hasOne', T, F> {
  return relation('hasOne', target, foreignKey);
}

/**
 * Source and target linked through a join table.
 *
 * @example
 * ```ts
 * relations: { posts: { tags: manyToMany(tags, postTags, { sourceKey: 'postId', targetKey: 'tagId' }) } }
 * ```
 */
export function manyToMany<
  const T extends Table,
  const J extends Table,
  const S extends keyof J['columns'] & string,
>(
  target: T,
  through: J,
  keys: { sourceKey: S; targetKey: keyof J['columns'] & string },
): Relation<'manyToMany', T, S> {
  return relation('manyToMany', target, keys.sourceKey, { through, throughTargetKey: keys.targetKey });
}

/** Relations per table key: `{ posts: { author: belongsTo(users, 'authorId') } }`. */
export type Relations<TS extends Tables = Tables> = {
  readonly [K in keyof TS]?: Readonly<Record<string, Relation>>;
};

type RelsOf<R, K> = K extends keyof R ? NonNullable<R[K]> : Record<never, never>;
type KeyOfTable<TS extends Tables, T> = {
  [K in keyof TS]: T extends Table ? (TS[K]['name'] extends T['name'] ? K : never) : never;
}[keyof TS] &
  string;
type TargetKeyOf<TS extends Tables, Rel> =
  Rel extends Relation<RelationKind, infer T> ? KeyOfTable<TS, T> : never;

/** The relation paths `.with()` accepts for table key `K`, up to three levels: `'comments.author'`. */
export type RelationPath<
  TS extends Tables,
  R,
  K extends keyof TS,
  Depth extends unknown[] = [],
> = Depth['length'] extends 3
  ? never
  : {
      [N in keyof RelsOf<R, K> & string]:
        | N
        | `${N}.${RelationPath<TS, R, TargetKeyOf<TS, RelsOf<R, K>[N]>, [...Depth, unknown]>}`;
    }[keyof RelsOf<R, K> & string];

type Head<P extends string> = P extends `${infer H}.${string}` ? H : P;
type Tail<P extends string, H extends string> = P extends `${H}.${infer T}` ? T : never;

type Wrap<TS extends Tables, K extends keyof TS, Rel, Item> =
  Rel extends Relation<infer Kind, Table, infer F>
    ? Kind extends 'hasMany' | 'manyToMany'
      ? Item[]
      : Kind extends 'hasOne'
        ? Item | null
        : F extends keyof TS[K]['columns']
          ? TS[K]['columns'][F]['~null'] extends true
            ? Item | null
            : Item
          : Item | null
    : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** A row of table key `K` with the relations named by paths `P` loaded. */
export type LoadedRow<TS extends Tables, R, K extends keyof TS, P extends string> = [P] extends [never]
  ? RowOf<TS[K]>
  : Simplify<
      RowOf<TS[K]> & {
        -readonly [N in Head<P> & keyof RelsOf<R, K>]: Wrap<
          TS,
          K,
          RelsOf<R, K>[N],
          LoadedRow<TS, R, TargetKeyOf<TS, RelsOf<R, K>[N]>, Tail<P, N & string>>
        >;
      }
    >;
