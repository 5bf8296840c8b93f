import { redactObject, redactValue } from '../redact.js';
import type { Provenance } from './merge.js';
import { isPlainObject } from './object-path.js';

/** Where and how a config was loaded. */
export interface LoadInfo {
  readonly mode: string | undefined;
  readonly root: string | undefined;
  readonly instancePath: string | undefined;
  readonly envPrefix: string | undefined;
  readonly files: readonly string[];
}

/** What is remembered about a loaded config. */
export interface RootMeta {
  readonly value: Record<string, unknown>;
  readonly provenance: Provenance;
  readonly info: LoadInfo;
}

/** A section of a loaded config: its root and where it sits. */
export interface SectionMeta {
  readonly root: RootMeta;
  readonly path: readonly string[];
}

const sections = new WeakMap<object, SectionMeta>();
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Deep-freezes a resolved config, gives every section a non-enumerable `toJSON` and
 * `util.inspect` hook that redact secrets, and remembers its provenance.
 */
export function finalizeConfig(
  value: Record<string, unknown>,
  provenance: Provenance,
  info: LoadInfo,
): Record<string, unknown> {
  const root: RootMeta = { value, provenance, info };
  seal(value, root, []);
  return value;
}

/**
 * Freezes plain objects and arrays deeply and adds the redacting `toJSON` and inspect hook to
 * each (an array is redacted by the key it sits under); without `root`, only that (for derived objects such as namespaces).
 */
export function seal(value: unknown, root: RootMeta | undefined, path: readonly string[]): void {
  if (Array.isArray(value)) {
    if (Object.isFrozen(value)) return;
    value.forEach((item, index) => {
      seal(item, root, [...path, String(index)]);
    });
    const key = path.at(-1) ?? '';
    const redacted = function (this: unknown[]) {
      return redactValue(key, this);
    };
    Object.defineProperty(value, 'toJSON', { value: redacted, enumerable: false });
    Object.defineProperty(value, INSPECT, { value: redacted, enumerable: false });
    Object.freeze(value);
    return;
  }
  if (!isPlainObject(value) || Object.isFrozen(value)) return;
  for (const [key, item] of Object.entries(value)) seal(item, root, [...path, key]);
  if (!Object.hasOwn(value, 'toJSON')) {
    Object.defineProperty(value, 'toJSON', { value: redactedCopy, enumerable: false });
  }
  Object.defineProperty(value, INSPECT, { value: redactedCopy, enumerable: false });
  if (root) sections.set(value, { root, path });
  Object.freeze(value);
}

function redactedCopy(this: Record<string, unknown>): Record<string, unknown> {
  return redactObject(this);
}

/** The section metadata of a loaded config or any of its sections. */
export function sectionOf(config: object): SectionMeta | undefined {
  return sections.get(config);
}
