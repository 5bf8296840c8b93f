import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Flagon } from '../src/index.ts';
import { eagerImports, nodeOnlyImports } from './module-graph.ts';

const dist = join(import.meta.dirname, '..', 'dist');

describe('runtime neutrality', () => {
  test('the main entry loads no node: module eagerly (Bun, Deno, Workers can run it)', () => {
    expect(nodeOnlyImports(join(dist, 'index.js'))).toEqual([]);
    expect([...eagerImports(join(dist, 'index.js'))]).toContain('hono/router/reg-exp-router');
  });

  test('the node entry is where the Node server lives', () => {
    expect(nodeOnlyImports(join(dist, 'node.js'))).toEqual(['@hono/node-server', 'node:http']);
  });

  test('without root, folders resolve against the working directory where there is one', () => {
    const app = new Flagon();
    expect(app.templateFolders).toEqual([`${process.cwd()}/templates`]);
    expect(app.staticFolder).toBe(`${process.cwd()}/static`);
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
