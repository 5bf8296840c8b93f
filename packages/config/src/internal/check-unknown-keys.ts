import { closeMatches } from '@flagon/internal';
import type { ConfigIssue } from '../config-error.js';
import type { SourceLeaf } from './merge.js';
import { dotted } from './object-path.js';

/** The keys known at a path, or undefined when nothing can be said about it (anything goes). */
export type KnownKeysAt = (path: readonly string[]) => ReadonlySet<string> | undefined;

/**
 * Reports every key set by a file or env var that is not known, once per unknown key, with the
 * closest known key as a suggestion.
 */
export function checkUnknownKeys(leaves: readonly SourceLeaf[], knownAt: KnownKeysAt): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const reported = new Set<string>();
  for (const leaf of leaves) {
    if (!leaf.checked) continue;
    for (let depth = 0; depth < leaf.path.length; depth++) {
      const parent = leaf.path.slice(0, depth);
      const known = knownAt(parent);
      if (known === undefined) break;
      const segment = leaf.path[depth] ?? '';
      if (known.has(segment)) continue;
      const key = dotted([...parent, segment]);
      if (!reported.has(key)) {
        reported.add(key);
        issues.push(unknownKeyIssue(key, segment, parent, known, leaf));
      }
      break;
    }
  }
  return issues;
}

function unknownKeyIssue(
  key: string,
  segment: string,
  parent: readonly string[],
  known: ReadonlySet<string>,
  leaf: SourceLeaf,
): ConfigIssue {
  const [suggestion] = closeMatches(segment, known, 1);
  const prefix = parent.length > 0 ? `${dotted(parent)}.` : '';
  const list = [...known].slice(0, 12).map((name) => prefix + name);
  const message =
    suggestion !== undefined || list.length === 0
      ? 'unknown key.'
      : `unknown key. Known keys here: ${list.join(', ')}${known.size > 12 ? ', …' : ''}.`;
  return {
    code: 'unknown_key',
    key,
    source: leaf.source,
    message,
    expected: 'a known key',
    found: key,
    ...(suggestion === undefined ? {} : { suggestion: prefix + suggestion }),
  };
}
