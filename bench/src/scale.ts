// `flagon serve --workers 2` against `--workers 1` on the same app (Flagon full), in one run:
// `pnpm --filter @flagon/bench bench:scale`. Writes results/scale.md, which RESULTS.md includes.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { PATHS } from './data.ts';
import { createFixtures } from './fixtures.ts';
import { type LoadResult, pickLoadTool, runLoad } from './load.ts';
import { median } from './micro/harness.ts';
import { SECRET_KEY } from './servers/common.ts';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const ROUNDS = arg('rounds', 3);
const SECONDS = arg('seconds', 3);
const CONNECTIONS = arg('connections', 50);
const ENDPOINTS = ['plaintext', 'page', 'posts'] as const;
const FLAGON = createRequire(import.meta.url)
  .resolve('@flagon/cli/package.json')
  .replace(/package\.json$/, 'bin/flagon.js');
const APP = new URL('./servers/flagon-full.ts', import.meta.url).pathname;

interface Served {
  child: ChildProcess;
  url: string;
}

function serve(workers: number, dbPath: string): Promise<Served> {
  const child = spawn(
    process.execPath,
    [FLAGON, '--app', `${APP}:createApp`, 'serve', '--workers', String(workers), '--port', '0'],
    {
      env: { ...process.env, DB_PATH: dbPath, SECRET_KEY, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = / \* Running on (http:\/\/\S+)/.exec(output);
      if (match) resolve({ child, url: match[1] as string });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) =>
      reject(new Error(`flagon serve --workers ${workers} exited with ${code}:\n${output}`)),
    );
  });
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const tool = pickLoadTool((line) => console.error(line));
const fixtures = createFixtures();
const servers = { 1: await serve(1, fixtures.path), 2: await serve(2, fixtures.path) };
const figures: Record<string, Record<1 | 2, LoadResult[]>> = {};
try {
  for (const endpoint of ENDPOINTS) {
    figures[endpoint] = { 1: [], 2: [] };
    for (const workers of [1, 2] as const) {
      // Warm-up, not recorded.
      await runLoad(tool, {
        url: servers[workers].url + PATHS[endpoint],
        seconds: 1,
        connections: CONNECTIONS,
        cpu: 1,
      });
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? ([1, 2] as const) : ([2, 1] as const);
      for (const workers of order) {
        const result = await runLoad(tool, {
          url: servers[workers].url + PATHS[endpoint],
          seconds: SECONDS,
          connections: CONNECTIONS,
          cpu: 1,
        });
        figures[endpoint][workers].push(result);
        console.error(
          `${endpoint} workers=${workers} round ${round + 1}: ${Math.round(result.rps)} req/s, p99 ${result.latencyP99Ms} ms, errors ${result.errors}`,
        );
      }
    }
  }
} finally {
  for (const s of Object.values(servers)) s.child.kill('SIGTERM');
  fixtures.dispose();
}

const rows = ENDPOINTS.map((endpoint) => {
  const one = figures[endpoint]?.[1] ?? [];
  const two = figures[endpoint]?.[2] ?? [];
  const rps1 = median(one.map((r) => r.rps));
  const rps2 = median(two.map((r) => r.rps));
  const errors = [...one, ...two].reduce((sum, r) => sum + r.errors, 0);
  return `| \`${PATHS[endpoint]}\` | ${Math.round(rps1)} | ${Math.round(rps2)} | ${(rps2 / rps1).toFixed(2)}× | ${median(one.map((r) => r.latencyP99Ms))} | ${median(two.map((r) => r.latencyP99Ms))} | ${errors} |`;
});
const text = `## Scaling out: \`flagon serve --workers 2\` against \`--workers 1\`

Run \`pnpm --filter @flagon/bench bench:scale\` (${new Date().toISOString().slice(0, 10)}, commit ${commit()}): Flagon full
(\`src/servers/flagon-full.ts\`) served by \`flagon serve\` with one and with two workers, both started at
once, ${ROUNDS} interleaved rounds × ${SECONDS} s per endpoint after a 1 s warm-up, ${tool} with ${CONNECTIONS}
connections; medians. **This machine has ${availableParallelism()} cores shared with the load generator** (and,
when it was measured, with other work), so two workers compete with ${tool} for the same cores: read the
ratio as a floor, not as what two dedicated cores give.

| endpoint | 1 worker, req/s | 2 workers, req/s | 2 / 1 | p99 ms, 1 worker | p99 ms, 2 workers | errors |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}
`;
writeFileSync(new URL('../results/scale.md', import.meta.url), text);
console.log(text);
process.exit(0);
