import type { ConfigSource } from '../config-source.js';
import { isPlainObject, pathId } from './object-path.js';

/** One value set by one source, at one path. Sources are merged leaf by leaf, in precedence order. */
export interface SourceLeaf {
  readonly path: readonly string[];
  readonly value: unknown;
  /** The undecoded string, for values read from env vars and `.env` files. */
  readonly raw?: string;
  readonly source: ConfigSource;
  /** Whether an unknown key here is an error (files and env vars; not defaults or overrides). */
  readonly checked: boolean;
}

/** One step in a key's history: which source set it to what. */
export interface ProvenanceEntry {
  readonly path: readonly string[];
  readonly source: ConfigSource;
  readonly value: unknown;
  /** Position in the merge, lowest precedence first. */
  readonly order: number;
}

/** Every key's history, keyed by `pathId`. */
export type Provenance = ReadonlyMap<string, readonly ProvenanceEntry[]>;

/** The result of merging leaves. */
export interface Merged {
  readonly value: Record<string, unknown>;
  readonly provenance: Provenance;
  /** The leaf that set each path last, keyed by `pathId`. */
  readonly winners: ReadonlyMap<string, SourceLeaf>;
}

/**
 * Merges leaves in order: plain objects merge key by key, anything else (arrays included)
 * replaces what was there. `useRaw` picks the raw string over the decoded value for a leaf.
 */
export function mergeLeaves(leaves: readonly SourceLeaf[], useRaw: (leaf: SourceLeaf) => boolean): Merged {
  const value: Record<string, unknown> = {};
  const provenance = new Map<string, ProvenanceEntry[]>();
  const winners = new Map<string, SourceLeaf>();
  leaves.forEach((leaf, order) => {
    const chosen = leaf.raw !== undefined && useRaw(leaf) ? leaf.raw : leaf.value;
    let target = value;
    const last = leaf.path.length - 1;
    leaf.path.forEach((segment, index) => {
      if (index === last) {
        if (isPlainObject(chosen) && Object.keys(chosen).length === 0) {
          if (!isPlainObject(target[segment])) setOwn(target, segment, {});
        } else {
          setOwn(target, segment, cloneValue(chosen));
        }
        return;
      }
      let next = target[segment];
      if (!isPlainObject(next) || !Object.hasOwn(target, segment)) {
        next = {};
        setOwn(target, segment, next);
      }
      target = next as Record<string, unknown>;
    });
    const id = pathId(leaf.path);
    const history = provenance.get(id) ?? [];
    history.push({ path: leaf.path, source: leaf.source, value: chosen, order });
    provenance.set(id, history);
    winners.set(id, leaf);
  });
  return { value, provenance, winners };
}

/** Defines an own, enumerable property, safe for keys like `__proto__`. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function cloneValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneValue);
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setOwn(copy, key, cloneValue(item));
    return copy;
  }
  return value;
}
