import type { StandardSchemaIssue, StandardSchemaV1 } from '@flagon/internal';
import type { ConfigIssue } from '../config-error.js';
import type { ConfigSource } from '../config-source.js';
import type { KnownKeysAt } from './check-unknown-keys.js';
import { describeFound } from './describe-value.js';
import type { Merged } from './merge.js';
import { dotted, getAt, isPlainObject, pathId } from './object-path.js';
import { declaredSection } from './schema-shape.js';

/** The outcome of running a schema over merged input. */
export type SchemaOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly issues: ReadonlyArray<StandardSchemaIssue> };

/** Runs a Standard Schema's `validate`, sync or async. */
export async function runSchema(schema: StandardSchemaV1, input: unknown): Promise<SchemaOutcome> {
  const result = await schema['~standard'].validate(input);
  if (result.issues !== undefined) return { ok: false, issues: result.issues };
  return { ok: true, value: result.value };
}

/** An issue's path as strings. */
export function issuePath(issue: StandardSchemaIssue): string[] {
  return (issue.path ?? []).map((segment) =>
    String(typeof segment === 'object' && segment !== null ? segment.key : segment),
  );
}

/**
 * Known keys under a schema: those it declares (Standard JSON Schema, zod or valibot shapes) or,
 * when it declares nothing, those in its output; plus those its issues mention. Undefined where
 * nothing can be said or the schema accepts any key there (records, loose objects).
 */
export function knownFromSchema(schema: StandardSchemaV1, outcome: SchemaOutcome): KnownKeysAt {
  const issuePaths = outcome.ok ? [] : outcome.issues.map(issuePath);
  return (path) => {
    const declared = declaredSection(schema, path);
    if (declared?.open) return undefined;
    const keys = new Set<string>(declared?.keys ?? []);
    let known = declared !== undefined;
    if (!declared && outcome.ok) {
      const section = getAt(outcome.value, path);
      if (isPlainObject(section)) {
        known = true;
        for (const key of Object.keys(section)) keys.add(key);
      }
    }
    for (const issue of issuePaths) {
      if (issue.length > path.length && path.every((segment, index) => issue[index] === segment)) {
        keys.add(issue[path.length] ?? '');
      }
    }
    return known ? keys : undefined;
  };
}

/** Turns schema issues into config issues, naming the source of each value and what was found. */
export function schemaIssues(issues: ReadonlyArray<StandardSchemaIssue>, merged: Merged): ConfigIssue[] {
  return issues.map((issue) => {
    const path = issuePath(issue);
    const value = path.length === 0 ? merged.value : getAt(merged.value, path);
    const found = describeFound(path.at(-1) ?? '', value);
    const message =
      value === undefined
        ? `${issue.message} (not set by any source).`
        : `${issue.message} (found ${found}).`;
    return {
      code: 'invalid',
      key: dotted(path),
      source: sourceAt(merged, path),
      message,
      found,
    };
  });
}

/** The source that last set `path` or, failing that, the nearest ancestor. */
export function sourceAt(merged: Merged, path: readonly string[]): ConfigSource | undefined {
  for (let length = path.length; length > 0; length--) {
    const history = merged.provenance.get(pathId(path.slice(0, length)));
    const last = history?.at(-1);
    if (last) return last.source;
  }
  return undefined;
}
