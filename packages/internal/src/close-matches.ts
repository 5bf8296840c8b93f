/**
 * Edit distance between two strings: insertions, deletions, substitutions, and a swap of two
 * neighbours, each one edit (optimal string alignment, so `HOTS` is one edit from `HOST`).
 */
export function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (beforePrevious[j - 2] as number) + 1);
      }
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The names in `known` that `name` was probably meant to be, closest first, for "did you mean"
 * messages. A name is close when, compared case-insensitively, it is within a few edits (a third
 * of `name`'s length, at least one; see {@link editDistance}), starts with `name` (`ro` →
 * `routes`), or differs from it by a dotted prefix (`index` ↔ `blog.index`). `name` itself is
 * never suggested, nor anything for an empty `name`; ties keep the order of `known`.
 *
 * @param name - What was asked for and not found.
 * @param known - What exists.
 * @param max - How many to return at most. Default 3.
 */
export function closeMatches(name: string, known: Iterable<string>, max = 3): string[] {
  if (name === '') return [];
  const wanted = name.toLowerCase();
  const limit = Math.max(1, Math.floor(name.length / 3));
  const matches: { candidate: string; distance: number }[] = [];
  for (const candidate of known) {
    if (candidate === name) continue;
    const other = candidate.toLowerCase();
    const distance = editDistance(wanted, other);
    const related = other.startsWith(wanted) || other.endsWith(`.${wanted}`) || wanted.endsWith(`.${other}`);
    if (distance <= limit || related) matches.push({ candidate, distance });
  }
  return matches
    .sort((x, y) => x.distance - y.distance)
    .slice(0, max)
    .map(({ candidate }) => candidate);
}
