import type { ConfigSource } from '../config-source.js';
import type { Provenance, ProvenanceEntry } from './merge.js';
import { pathId } from './object-path.js';

/** The source named for values that no source set: the schema produced them (defaults, transforms). */
export const SCHEMA_SOURCE: ConfigSource = Object.freeze({ kind: 'schema', label: 'schema' });

/**
 * The history of a path: its own entries, else those of keys below it, else that of the nearest
 * ancestor that was set as a whole; lowest precedence first.
 */
export function historyOf(provenance: Provenance, path: readonly string[]): ProvenanceEntry[] {
  const own = provenance.get(pathId(path));
  if (own && own.length > 0) return [...own];
  const prefix = `${pathId(path)}\u0000`;
  const below: ProvenanceEntry[] = [];
  for (const [id, entries] of provenance)
    if (path.length === 0 || id.startsWith(prefix)) below.push(...entries);
  if (below.length > 0) return below.sort((a, b) => a.order - b.order);
  for (let length = path.length - 1; length > 0; length--) {
    const entries = provenance.get(pathId(path.slice(0, length)));
    if (entries && entries.length > 0) return [...entries];
  }
  return [];
}

/** The source that won for a path: the last of its history, or the schema when nothing set it. */
export function winningSource(provenance: Provenance, path: readonly string[]): ConfigSource {
  return historyOf(provenance, path).at(-1)?.source ?? SCHEMA_SOURCE;
}
