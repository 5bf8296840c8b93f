import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Flagon } from '../src/index.ts';

const dist = join(import.meta.dirname, '..', 'dist');

/** Every module the entry loads eagerly (static imports), following relative chunks. */
function staticGraph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(join(dist, entry), 'utf8');
  for (const match of code.matchAll(
    /^(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/gm,
  )) {
    const specifier = match[1] ?? match[2] ?? '';
    if (specifier.startsWith('./')) staticGraph(specifier.slice(2), seen);
    else seen.add(specifier);
  }
  return seen;
}

describe('runtime neutrality', () => {
  test('the main entry loads no node: module eagerly (Bun, Deno, Workers can run it)', () => {
    const graph = [...staticGraph('index.js')];
    expect(graph.filter((m) => isBuiltin(m) || m === '@hono/node-server')).toEqual([]);
    expect(graph).toContain('hono/router/reg-exp-router');
  });

  test('the node entry is where node: modules live', () => {
    expect([...staticGraph('node.js')].filter((m) => isBuiltin(m)).sort()).toEqual([
      'node:fs',
      'node:fs/promises',
      'node:path',
      'node:stream',
    ]);
  });

  test('a request logs one line in debug mode when served by listen()', async () => {
    const lines: string[] = [];
    const app = new Flagon({
      staticFolder: null,
      config: { DEBUG: true },
      logger: { debug() {}, info: (line: string) => lines.push(line), warn() {}, error() {} },
    });
    app.get('/ping', function ping() {
      return 'pong';
    });
    const server = await app.listen({ port: 0, handleSignals: false });
    try {
      expect(await (await fetch(`${server.url}/ping?x=1`)).text()).toBe('pong');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^GET \/ping\?x=1 200 \d+\.\dms$/);
    } finally {
      await server.close();
    }
  });
});
