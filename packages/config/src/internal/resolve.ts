import type { StandardSchemaV1 } from '@flagon/internal';
import { ConfigError, type ConfigIssue } from '../config-error.js';
import { checkAgainstDefaults, defaultIsString, knownFromDefaults } from './check-defaults.js';
import { issuePath, knownFromSchema, runSchema, schemaIssues } from './check-schema.js';
import { checkUnknownKeys } from './check-unknown-keys.js';
import { mergeLeaves, type Provenance, type SourceLeaf } from './merge.js';
import { isPlainObject, pathId } from './object-path.js';

/** What to resolve: the leaves of every source in precedence order, and how to check them. */
export interface ResolveInput {
  readonly leaves: readonly SourceLeaf[];
  readonly schema?: StandardSchemaV1 | undefined;
  readonly defaults?: Record<string, unknown> | undefined;
}

/** A merged, checked config (not yet frozen) and the history of every key. */
export interface Resolved {
  readonly value: Record<string, unknown>;
  readonly provenance: Provenance;
}

/**
 * Merges the sources, then validates: with a schema, runs it and checks for unknown keys; with a
 * defaults object, checks types and unknown keys against it. Pure: no I/O. Throws one
 * {@link ConfigError} (`config_invalid`) listing every problem.
 */
export async function resolveConfig(input: ResolveInput): Promise<Resolved> {
  const { leaves, schema, defaults } = input;
  if (schema) return resolveWithSchema(leaves, schema);
  const merged = mergeLeaves(
    leaves,
    (leaf) => defaults !== undefined && defaultIsString(defaults, leaf.path),
  );
  if (defaults === undefined) return { value: merged.value, provenance: merged.provenance };
  const issues = [
    ...checkUnknownKeys(leaves, knownFromDefaults(defaults)),
    ...checkAgainstDefaults(defaults, merged),
  ];
  if (issues.length > 0) throw new ConfigError('config_invalid', issues);
  return { value: merged.value, provenance: merged.provenance };
}

async function resolveWithSchema(leaves: readonly SourceLeaf[], schema: StandardSchemaV1): Promise<Resolved> {
  let merged = mergeLeaves(leaves, () => false);
  let outcome = await runSchema(schema, merged.value);
  if (!outcome.ok) {
    // An env value that decoded to JSON but fails the schema is retried as the string it was
    // (FLASKR_SECRET_KEY=12345 for a string schema).
    const retry = new Set<string>();
    for (const issue of outcome.issues) {
      const id = pathId(issuePath(issue));
      const winner = merged.winners.get(id);
      if (winner?.raw !== undefined && typeof winner.value !== 'string') retry.add(id);
    }
    if (retry.size > 0) {
      const retried = mergeLeaves(leaves, (leaf) => retry.has(pathId(leaf.path)));
      const second = await runSchema(schema, retried.value);
      // Keep the string only where it fixed the problem.
      const stillFailing = new Set(second.ok ? [] : second.issues.map((issue) => pathId(issuePath(issue))));
      const fixed = new Set([...retry].filter((id) => !stillFailing.has(id)));
      if (fixed.size === retry.size) {
        merged = retried;
        outcome = second;
      } else if (fixed.size > 0) {
        merged = mergeLeaves(leaves, (leaf) => fixed.has(pathId(leaf.path)));
        outcome = await runSchema(schema, merged.value);
      }
    }
  }
  const issues: ConfigIssue[] = outcome.ok ? [] : schemaIssues(outcome.issues, merged);
  issues.push(...checkUnknownKeys(leaves, knownFromSchema(schema, outcome)));
  if (outcome.ok && !isPlainObject(outcome.value)) {
    issues.push({
      code: 'invalid',
      key: '',
      source: undefined,
      message: 'the schema must produce a plain object (use an object schema).',
    });
  }
  if (issues.length > 0 || !outcome.ok) throw new ConfigError('config_invalid', issues);
  return { value: outcome.value as Record<string, unknown>, provenance: merged.provenance };
}
