import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

// stripInternal: members marked @internal are for Flagon's own modules and do not ship in .d.ts.
describe('published declarations', () => {
  const dist = join(import.meta.dirname, '../dist');
  // tsup splits shared declarations into chunks: read every .d.ts it wrote.
  const dts = readdirSync(dist)
    .filter((file) => file.endsWith('.d.ts'))
    .map((file) => readFileSync(join(dist, file), 'utf8'))
    .join('\n');

  test('@internal members of the app and the context are not in the built .d.ts', () => {
    for (const name of ['sessionValue', 'afterThisRequest', 'responseHeaders', 'buildUrl(']) {
      expect(dts).not.toContain(name);
    }
  });

  test('the public surface is', () => {
    for (const name of ['class Flagon', 'class Context', 'abstract class Scaffold', 'finalizeRequest']) {
      expect(dts).toContain(name);
    }
  });
});
