import type { StandardSchemaIssue, StandardSchemaV1 } from '@flagon/internal';

/** True when a value looks like a Standard Schema. */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  return (
    typeof value === 'object' &&
    value !== null &&
    '~standard' in value &&
    typeof (value as StandardSchemaV1)['~standard']?.validate === 'function'
  );
}

/** The first key of an issue's path, as text, or undefined for a form-wide issue. */
export function issueKey(issue: StandardSchemaIssue): string | undefined {
  const first = issue.path?.[0];
  if (first === undefined) return undefined;
  const key = typeof first === 'object' ? first.key : first;
  return typeof key === 'symbol' ? undefined : String(key);
}
