/** A prefix as given, with a leading slash added; undefined for none. */
export function normalizePrefix(prefix: string | undefined): string | undefined {
  if (prefix === undefined || prefix === '') return prefix === '' ? '' : undefined;
  return prefix.startsWith('/') ? prefix : `/${prefix}`;
}

/** Joins a parent's prefix and a child's without doubling or dropping the slash (Flask's rule). */
export function joinPrefixes(outer: string | undefined, inner: string | undefined): string | undefined {
  if (outer !== undefined && inner !== undefined)
    return `${outer.replace(/\/+$/, '')}/${inner.replace(/^\/+/, '')}`;
  return inner ?? outer;
}

/** A blueprint rule under its prefix: `/admin` + `/users` → `/admin/users`; `''` is the prefix itself. */
export function applyPrefix(prefix: string | undefined, rule: string): string {
  if (prefix === undefined || prefix === '') return rule;
  if (rule === '') return prefix;
  return `${prefix.replace(/\/+$/, '')}/${rule.replace(/^\/+/, '')}`;
}
