// An A/B on one endpoint: the given stacks (and, with --baseline, the Flagon stacks of another
// built checkout) served side by side on the server core, loaded in turn round after round by wrk
// on the other core, judged on requests per server CPU-second. Steadier than the full suite on a
// noisy machine for telling whether one change helped: every round measures every variant within
// a few seconds of each other.
//
//   node src/ab.ts --path=/db/4242 --rounds=8 hono flagon-full
//   node src/ab.ts --baseline=/tmp/flagon-before hono flagon-full   (that checkout: pnpm install && pnpm turbo run build)
//   node src/ab.ts --pace=10 hono flagon-full   (each connection waits 10 ms between requests: a steady
//                                                load below saturation instead of as fast as it goes)

import { existsSync } from 'node:fs';
import { createFixtures } from './fixtures.ts';
import { pickLoadTool, runLoad } from './load.ts';
import { median } from './micro/harness.ts';
import {
  cpuSeconds,
  LOAD_CPU,
  type RunningServer,
  sessionCookie,
  startServer,
  stopServer,
} from './servers-run.ts';
import { STACKS } from './stacks.ts';

interface Options {
  path: string;
  rounds: number;
  seconds: number;
  connections: number;
  baseline: string | undefined;
  pace: number | undefined;
  stacks: string[];
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    path: '/plaintext',
    rounds: 8,
    seconds: 2,
    connections: 50,
    baseline: undefined,
    pace: undefined,
    stacks: [],
  };
  for (const arg of argv) {
    if (arg === '--') continue; // what `pnpm bench:ab -- …` passes on
    const [key, value = ''] = arg.split('=', 2) as [string, string?];
    if (key === '--path') options.path = value;
    else if (key === '--rounds') options.rounds = positive(key, value);
    else if (key === '--seconds') options.seconds = positive(key, value);
    else if (key === '--connections') options.connections = positive(key, value);
    else if (key === '--baseline') options.baseline = value;
    else if (key === '--pace') options.pace = positive(key, value);
    else if (arg.startsWith('--'))
      throw new Error(
        `Unknown option ${arg} (--path, --rounds, --seconds, --connections, --baseline, --pace).`,
      );
    else options.stacks.push(arg);
  }
  if (options.stacks.length === 0) options.stacks = ['hono', 'flagon-full'];
  for (const id of options.stacks) {
    if (!STACKS.some((s) => s.id === id)) {
      throw new Error(`Unknown stack "${id}"; known: ${STACKS.map((s) => s.id).join(', ')}.`);
    }
  }
  if (!options.path.startsWith('/')) throw new Error(`--path must start with "/", got "${options.path}".`);
  if (options.baseline !== undefined && !existsSync(`${options.baseline}/bench/src/servers/`)) {
    throw new Error(
      `--baseline=${options.baseline} has no bench/src/servers/: give the root of a built checkout.`,
    );
  }
  return options;
}

function positive(key: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${key} needs a positive number, got "${value}".`);
  return n;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const tool = pickLoadTool((line) => console.log(line));
  if (tool !== 'wrk') console.log('wrk is missing: autocannon measures less of the server.');
  const fixtures = createFixtures();
  const servers: RunningServer[] = [];
  try {
    let port = 4700;
    const env = { DB_PATH: fixtures.path };
    for (const id of o.stacks) {
      const file = STACKS.find((s) => s.id === id)?.server ?? id;
      servers.push(await startServer(id, file, port++, env, '/plaintext'));
      if (o.baseline !== undefined && id.startsWith('flagon')) {
        const dir = `${o.baseline}/bench/src/servers/`;
        servers.push(await startServer(`${id}@baseline`, file, port++, env, '/plaintext', [], dir));
      }
    }
    const full = servers.find((s) => s.id === 'flagon-full');
    const headers: Record<string, string> = full ? { cookie: await sessionCookie(full) } : {};
    const perCpu = new Map<string, number[]>(servers.map((s) => [s.id, []]));
    for (const s of servers) {
      const check = await fetch(s.url + o.path, { headers });
      if (check.status >= 400) throw new Error(`${s.id} answers ${o.path} with ${check.status}.`);
      await runLoad(tool, {
        url: s.url + o.path,
        seconds: 1,
        connections: o.connections,
        headers,
        cpu: LOAD_CPU,
      });
    }
    for (let round = 1; round <= o.rounds; round++) {
      const order = [...servers.slice(round % servers.length), ...servers.slice(0, round % servers.length)];
      for (const s of order) {
        const before = cpuSeconds(s.child.pid);
        const result = await runLoad(tool, {
          url: s.url + o.path,
          seconds: o.seconds,
          connections: o.connections,
          headers,
          cpu: LOAD_CPU,
          pace: o.pace,
        });
        const cpu = cpuSeconds(s.child.pid) - before;
        perCpu.get(s.id)?.push(Math.round(result.requests / cpu));
      }
      console.log(`round ${round}/${o.rounds} done`);
    }
    const baseValues = perCpu.get(servers[0]?.id ?? '') ?? [];
    const base = median(baseValues);
    const load = o.pace ? `each connection pacing ${o.pace} ms` : 'as fast as it goes';
    console.log(
      `\n${o.path}, requests per server CPU-second (${load}), median of ${o.rounds} rounds of ${o.seconds} s;` +
        `\n"paired" is the median of each round's ratio to ${servers[0]?.id} measured beside it:`,
    );
    for (const s of servers) {
      const values = perCpu.get(s.id) ?? [];
      const m = median(values);
      const paired = median(values.map((v, i) => v / (baseValues[i] ?? Number.NaN)));
      console.log(
        `${s.id.padEnd(24)} ${String(Math.round(m)).padStart(7)}  ${(m / base).toFixed(2)}x  paired ${paired.toFixed(2)}x  (${Math.min(...values)}–${Math.max(...values)})`,
      );
    }
  } finally {
    await Promise.all(servers.map(stopServer));
    fixtures.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
