/**
 * `record[key]` when `key` is the record's own property, else undefined — so a name taken
 * from user input (`constructor`, `toString`, `__proto__`) never finds an inherited value.
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
