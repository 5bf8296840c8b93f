import type { ConfigIssue } from '../config-error.js';
import type { KnownKeysAt } from './check-unknown-keys.js';
import { describeFound } from './describe-value.js';
import type { Merged } from './merge.js';
import { dotted, getAt, isPlainObject, pathId, typeName } from './object-path.js';

/**
 * Known keys from a defaults object: the keys of the object at each path. An empty object or a
 * default of `null` leaves that section open.
 */
export function knownFromDefaults(defaults: Record<string, unknown>): KnownKeysAt {
  return (path) => {
    const section = getAt(defaults, path);
    if (!isPlainObject(section) || Object.keys(section).length === 0) return undefined;
    return new Set(Object.keys(section));
  };
}

/** Whether the default at `path` is a string, so an env value there stays a string. */
export function defaultIsString(defaults: Record<string, unknown>, path: readonly string[]): boolean {
  return typeof getAt(defaults, path) === 'string';
}

/**
 * Checks every merged value against the type of its default (string, number, boolean, array,
 * object); a default of `null` or `undefined` accepts anything.
 */
export function checkAgainstDefaults(defaults: Record<string, unknown>, merged: Merged): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const walk = (section: Record<string, unknown>, path: string[]): void => {
    for (const [key, expectedValue] of Object.entries(section)) {
      const here = [...path, key];
      if (expectedValue === null || expectedValue === undefined) continue;
      const actual = getAt(merged.value, here);
      if (actual === undefined) continue;
      const expected = typeName(expectedValue);
      const found = typeName(actual);
      if (expected === 'object' && isPlainObject(expectedValue) && isPlainObject(actual)) {
        walk(expectedValue, here);
        continue;
      }
      if (expected === found) continue;
      const history = merged.provenance.get(pathId(here));
      const source = history?.at(-1)?.source ?? findDescendantSource(merged, here);
      const foundText = describeFound(key, actual);
      issues.push({
        code: 'invalid',
        key: dotted(here),
        source,
        message: `expected ${expected} (the type of its default), found ${foundText}.`,
        expected,
        found: foundText,
      });
    }
  };
  walk(defaults, []);
  return issues;
}

function findDescendantSource(merged: Merged, path: readonly string[]) {
  const prefix = `${pathId(path)}\u0000`;
  let best: { order: number; source: NonNullable<ConfigIssue['source']> } | undefined;
  for (const [id, history] of merged.provenance) {
    if (!id.startsWith(prefix)) continue;
    const last = history.at(-1);
    if (last && (!best || last.order > best.order)) best = { order: last.order, source: last.source };
  }
  return best?.source;
}
