// Turns the raw results into targets and RESULTS.md.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type Endpoint, PATHS } from './data.ts';
import type { LoadResult } from './load.ts';
import { type MicroResult, median } from './micro/harness.ts';
import type { ProfileSummary } from './profile.ts';
import { STACKS, type Stack } from './stacks.ts';

export interface Target {
  name: string;
  /** Met on requests per server CPU-second (falls back to req/s when CPU time is unknown). */
  met: boolean | undefined;
  figure: string;
  /** The same ratio on wall-clock median requests/s. */
  wallMet?: boolean | undefined;
  wallFigure?: string;
  /** Which Flagon server to profile when missed. */
  profile?: { stack: string; endpoint: Endpoint } | undefined;
}

export interface Results {
  meta: {
    date: string;
    cpu: string;
    cores: number;
    node: string;
    loadAverage?: number[];
    platform: string;
    packages: Record<string, string>;
    command: string;
    tool: string;
    pinned: string;
    config: Record<string, unknown>;
    git?: { head: string; dirty: string[] };
    distChangedDuringRun?: string[] | undefined;
  };
  stacks: (Stack & { available: boolean; error?: string })[];
  checks: { endpoint: Endpoint; stack: string; ok: boolean; detail: string }[];
  http: Partial<Record<Endpoint, Record<string, LoadResult[]>>>;
  memory: Record<string, number>;
  profiles: { stack: string; endpoint: Endpoint; summary: ProfileSummary }[];
  micro: MicroResult[];
  soak:
    | {
        rate: number;
        seconds: number;
        samples: { t: number; rssMb: number }[];
        /** The heap in use after a full collection every 5 s (runs before this field: absent). */
        heap?: { t: number; heapMb: number }[];
        client: Record<string, number>;
        peakMb: number;
      }
    | undefined;
  targets: Target[];
  durationSeconds: number;
  /** Extra facts the micro benchmarks measured (query counts). */
  notes?: Record<string, unknown>;
}

/** Median requests/s of a stack on an endpoint, or undefined when not measured. */
export function rps(results: Results, endpoint: Endpoint, stack: string): number | undefined {
  const runs = results.http[endpoint]?.[stack];
  return runs?.length ? median(runs.map((r) => r.rps)) : undefined;
}

/** Median requests per server CPU-second, or undefined. */
export function perCpu(results: Results, endpoint: Endpoint, stack: string): number | undefined {
  const runs = results.http[endpoint]?.[stack]?.filter((r) => r.perCpuSecond !== undefined);
  return runs?.length ? median(runs.map((r) => r.perCpuSecond as number)) : undefined;
}

/**
 * The soak's leak verdict: the heap in use after full collections, its last sample against the
 * largest of its first fifth; growth beyond 10% and 2 MB is a leak to look for.
 */
function heapLines(heap: { t: number; heapMb: number }[] | undefined): string[] {
  if (!heap?.length) return [];
  const mb = heap.map((x) => x.heapMb);
  const early = Math.max(...mb.slice(0, Math.max(1, Math.ceil(mb.length / 5))));
  const last = mb[mb.length - 1] ?? 0;
  const verdict =
    last > early * 1.1 && last - early > 2
      ? '**The heap in use grew beyond 10% and 2 MB of its early maximum — look for a leak.**'
      : 'No growth beyond noise (within 10% or 2 MB of the early maximum).';
  return [
    `Heap in use after a full collection every 5 s (\`--expose-gc\`): first ${mb[0]} MB, last ${last} MB, max ${Math.max(...mb)} MB; max of the first fifth ${early} MB. ${verdict}`,
    '',
    `Heap after each collection (MB): ${heap.map((x) => `${x.t}s ${x.heapMb}`).join(', ')}`,
    '',
  ];
}

function ratio(results: Results, endpoint: Endpoint, a: string, b: string, of = rps): number | undefined {
  const x = of(results, endpoint, a);
  const y = of(results, endpoint, b);
  return x !== undefined && y !== undefined ? x / y : undefined;
}

const fx = (n: number | undefined) => (n === undefined ? 'n/a' : `${n.toFixed(2)}x`);

function atLeast(
  results: Results,
  name: string,
  endpoint: Endpoint,
  a: string,
  b: string,
  threshold: number,
  profileStack: string,
): Target {
  const wall = ratio(results, endpoint, a, b);
  const cpu = ratio(results, endpoint, a, b, perCpu);
  const wallFigure =
    wall === undefined
      ? 'n/a'
      : `${fx(wall)} (${int(rps(results, endpoint, a) ?? 0)} vs ${int(rps(results, endpoint, b) ?? 0)} req/s)`;
  const cpuFigure =
    cpu === undefined
      ? undefined
      : `${fx(cpu)} (${int(perCpu(results, endpoint, a) ?? 0)} vs ${int(perCpu(results, endpoint, b) ?? 0)} req/CPU-s; needs >= ${threshold}x)`;
  const primary = cpu ?? wall;
  return {
    name,
    met: primary === undefined ? undefined : primary >= threshold,
    figure:
      primary === undefined
        ? `not measured (${a} or ${b} missing)`
        : `${cpuFigure ?? `${wallFigure}; needs >= ${threshold}x`}${Math.abs(primary / threshold - 1) < 0.05 ? ' — within 5% of the threshold: a tie on this machine' : ''}`,
    wallMet: wall === undefined ? undefined : wall >= threshold,
    wallFigure,
    profile: profileStack ? { stack: profileStack, endpoint } : undefined,
  };
}

/** The issue's targets, each met / missed / not measured, with its figure. */
export function evaluateTargets(results: Results): Target[] {
  const out: Target[] = [
    atLeast(
      results,
      'plaintext: Flagon core >= 0.95x Hono',
      'plaintext',
      'flagon-core',
      'hono',
      0.95,
      'flagon-core',
    ),
    atLeast(results, 'JSON: Flagon core >= 0.95x Hono', 'json', 'flagon-core', 'hono', 0.95, 'flagon-core'),
    atLeast(
      results,
      '(reference) plaintext: Flagon core without the cookie vs Hono',
      'plaintext',
      'flagon-core-nocookie',
      'hono',
      0.95,
      '',
    ),
    atLeast(
      results,
      '(reference) JSON: Flagon core without the cookie vs Hono',
      'json',
      'flagon-core-nocookie',
      'hono',
      0.95,
      '',
    ),
    ...(['plaintext', 'json'] as const).map((endpoint) =>
      atLeast(
        results,
        `${endpoint === 'json' ? 'JSON' : endpoint}: Flagon full (blueprint, hook reading the session, extensions) >= 0.9x Hono`,
        endpoint,
        'flagon-full',
        'hono',
        0.9,
        'flagon-full',
      ),
    ),
    atLeast(
      results,
      'page: Flagon full >= 0.95x Hono + Eta',
      'page',
      'flagon-full',
      'hono',
      0.95,
      'flagon-full',
    ),
  ];
  for (const other of ['fastify', 'express']) {
    out.push(
      atLeast(
        results,
        `page: Flagon full ahead of ${label(other)} + Eta`,
        'page',
        'flagon-full',
        other,
        1,
        'flagon-full',
      ),
    );
  }
  out.push(
    atLeast(
      results,
      'db by id: Flagon full >= 0.9x Hono + raw better-sqlite3',
      'db',
      'flagon-full',
      'hono',
      0.9,
      'flagon-full',
    ),
    atLeast(
      results,
      'db by id: Flagon full >= 1.8x Hono + Kysely builder',
      'db',
      'flagon-full',
      'hono-kysely',
      1.8,
      'flagon-full',
    ),
  );
  const queries = results.notes?.flagonPostsQueries as number | undefined;
  out.push({
    name: 'posts with authors: Flagon eager loading runs 2 queries',
    met: queries === undefined ? undefined : queries === 2,
    figure: queries === undefined ? 'not measured' : `${queries} queries (counted in micro/queries.ts)`,
  });
  for (const other of ['hono-kysely', 'fastify', 'express']) {
    const style = STACKS.find((s) => s.id === other)?.postsStyle ?? '';
    out.push(
      atLeast(
        results,
        `posts: Flagon full ahead of ${label(other)} (${style})`,
        'posts',
        'flagon-full',
        other,
        1,
        'flagon-full',
      ),
    );
  }
  out.push(
    atLeast(
      results,
      '(reference) posts: Flagon full vs Hono with a hand-written raw better-sqlite3 JOIN',
      'posts',
      'flagon-full',
      'hono',
      1,
      '',
    ),
  );
  return out;
}

function label(id: string): string {
  return STACKS.find((s) => s.id === id)?.label ?? id;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** Writes RESULTS.md. */
export function writeReport(results: Results, file: string): void {
  const m = results.meta;
  const endpoints = Object.keys(PATHS) as Endpoint[];
  const L: string[] = [];
  L.push('# Flagon benchmark results', '');
  L.push(
    `Generated by \`${m.command}\` on ${m.date} in ${results.durationSeconds} s. Figures are ratios measured side by side in one run; absolute numbers depend on the machine and its noise.`,
    '',
  );
  L.push('## Machine and setup', '');
  L.push(`- CPU: ${m.cpu}, ${m.cores} cores; ${m.pinned} (\`taskset\`)`);
  L.push(`- Node ${m.node}, ${m.platform}; every server runs with NODE_ENV=production`);
  if (m.git)
    L.push(
      `- Commit ${m.git.head}${m.git.dirty.length ? `; uncommitted changes in packages/${m.git.dirty.join(', packages/')} (other engineers at work) were in the dist/ measured` : ''}`,
    );
  if (m.distChangedDuringRun?.length)
    L.push(
      `- **Warning:** the dist/ of @flagon/${m.distChangedDuringRun.join(', @flagon/')} was rebuilt by someone else during this run; the HTTP figures use the build from the start, the profiles the newer one.`,
    );
  if (m.loadAverage)
    L.push(
      `- Load average when the run started: ${m.loadAverage.join(', ')} (other work shared the machine)`,
    );
  L.push(
    `- Load: ${m.tool}, ${m.config.connections} connections, 1 thread, 127.0.0.1 only; per endpoint a ${m.config.warmupSeconds} s warm-up per stack, then ${m.config.rounds} rounds × ${m.config.seconds} s with the stack order rotated each round. Cells are the **median req/s** with the min–max over the rounds.`,
  );
  L.push(
    "- Every request carries the same signed session cookie (made by Flagon full's `/login`); the other stacks ignore it.",
  );
  L.push(
    `- Packages: ${Object.entries(m.packages)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    '',
  );

  L.push('## Stacks', '');
  L.push('Each stack is one process with its idiomatic setup and no handicaps.', '');
  for (const s of results.stacks) {
    L.push(
      `- **${s.label}** (\`src/servers/${s.id}.ts\`): ${s.description}.${s.available ? '' : ` **Unavailable in this run:** ${s.error?.split('\n')[0]}`}`,
    );
  }
  L.push('', 'How each answers `/posts` (50 posts with their authors):', '');
  for (const s of results.stacks)
    if (s.postsStyle && s.endpoints.includes('posts')) L.push(`- ${s.label}: ${s.postsStyle}`);
  L.push('');

  L.push('## Targets', '');
  L.push(
    'Verdicts are on **requests per CPU-second of the server process** (user + system time of all its threads, from `/proc/<pid>/stat`). On this shared machine the server core is also used by other processes, so a server gets anywhere from a third to all of its core during a round, and wall-clock req/s measures the scheduler as much as the server; requests per CPU-second is what req/s would be with the core to itself. The wall-clock ratio of median req/s is in the last column; where the two disagree, trust the first.',
    '',
    '| target | result | figure (per CPU-second) | wall-clock req/s |',
    '| --- | --- | --- | --- |',
  );
  const verdict = (met: boolean | undefined) =>
    met === true ? 'met' : met === false ? '**not met**' : 'not measured';
  for (const t of results.targets) {
    const wall =
      t.wallFigure && t.wallFigure !== 'n/a' ? `${t.wallMet ? 'met' : 'not met'}: ${t.wallFigure}` : '';
    const result = t.name.startsWith('(reference)')
      ? `reference: ${t.met === true ? 'at or above' : t.met === false ? 'below' : 'n/a'}`
      : verdict(t.met);
    L.push(`| ${t.name} | ${result} | ${t.figure} | ${wall} |`);
  }
  L.push('');

  L.push('## HTTP: requests per second', '');
  L.push(`| stack | ${endpoints.map((e) => `\`${PATHS[e]}\``).join(' | ')} | peak RSS |`);
  L.push(`| --- | ${endpoints.map(() => '---:').join(' | ')} | ---: |`);
  for (const s of results.stacks) {
    const cells = endpoints.map((e) => {
      const runs = results.http[e]?.[s.id];
      if (!runs?.length) return '–';
      const v = runs.map((r) => r.rps);
      const errors = runs.reduce((a, r) => a + r.errors, 0);
      return `${int(median(v))} (${int(Math.min(...v))}–${int(Math.max(...v))})${errors ? ` ⚠ ${errors} errors` : ''}`;
    });
    const mem = results.memory[s.id];
    L.push(
      `| ${s.label} | ${cells.join(' | ')} | ${mem === undefined || Number.isNaN(mem) ? '–' : `${mem} MB`} |`,
    );
  }
  L.push('', 'Ratio to plain Hono (median / median):', '');
  L.push(`| stack | ${endpoints.map((e) => `\`${PATHS[e]}\``).join(' | ')} |`);
  L.push(`| --- | ${endpoints.map(() => '---:').join(' | ')} |`);
  for (const s of results.stacks) {
    const cells = endpoints.map((e) => fx(ratio(results, e, s.id, 'hono')).replace('n/a', '–'));
    L.push(`| ${s.label} | ${cells.join(' | ')} |`);
  }
  L.push('', 'Requests per CPU-second of the server process, median (ratio to Hono):', '');
  L.push(`| stack | ${endpoints.map((e) => `\`${PATHS[e]}\``).join(' | ')} |`);
  L.push(`| --- | ${endpoints.map(() => '---:').join(' | ')} |`);
  for (const s of results.stacks) {
    const cells = endpoints.map((e) => {
      const v = perCpu(results, e, s.id);
      const r = ratio(results, e, s.id, 'hono', perCpu);
      return v === undefined ? '–' : `${int(v)}${r === undefined ? '' : ` (${fx(r)})`}`;
    });
    L.push(`| ${s.label} | ${cells.join(' | ')} |`);
  }
  L.push('', 'Median latency p50 / p99 (ms):', '');
  L.push(`| stack | ${endpoints.map((e) => `\`${PATHS[e]}\``).join(' | ')} |`);
  L.push(`| --- | ${endpoints.map(() => '---:').join(' | ')} |`);
  for (const s of results.stacks) {
    const cells = endpoints.map((e) => {
      const runs = results.http[e]?.[s.id];
      if (!runs?.length) return '–';
      return `${median(runs.map((r) => r.latencyP50Ms)).toFixed(2)} / ${median(runs.map((r) => r.latencyP99Ms)).toFixed(2)}`;
    });
    L.push(`| ${s.label} | ${cells.join(' | ')} |`);
  }
  L.push('');

  L.push('## Response checks', '');
  L.push(
    'Before timing, each endpoint is fetched from every stack that serves it and compared with the first (raw `node:http`): status and body byte for byte, and the media type of `content-type` (its charset parameter is not compared: Hono writes `UTF-8`, Fastify and Express add `; charset=utf-8` to JSON). Nothing else is normalized. A stack whose response differs is not timed on that endpoint.',
    '',
  );
  const failed = results.checks.filter((c) => !c.ok);
  L.push(
    failed.length
      ? failed.map((c) => `- **${c.endpoint} ${c.stack}: ${c.detail}**`).join('\n')
      : `All ${results.checks.length} responses identical.`,
    '',
  );

  L.push('## Micro benchmarks', '');
  L.push(
    'Each group runs in its own process pinned to one core; ops/s median over the rounds (min–max).',
    '',
  );
  const groups = [...new Set(results.micro.map((r) => r.group))];
  for (const g of groups) {
    const rows = results.micro.filter((r) => r.group === g);
    const best = Math.max(...rows.map((r) => r.median));
    L.push(
      `### ${g}`,
      '',
      '| benchmark | ops/s | min–max | vs fastest | note |',
      '| --- | ---: | ---: | ---: | --- |',
    );
    for (const r of rows) {
      L.push(
        `| ${r.name} | ${int(r.median)} | ${int(r.min)}–${int(r.max)} | ${(r.median / best).toFixed(2)}x | ${r.note ?? ''} |`,
      );
    }
    L.push('');
  }

  L.push('## Memory', '');
  L.push('Peak RSS (VmHWM) of each server after all its runs is in the HTTP table above.', '');
  if (results.soak) {
    const s = results.soak;
    const rss = s.samples.map((x) => x.rssMb);
    const first = rss[1] ?? rss[0] ?? 0;
    const last = rss[rss.length - 1] ?? 0;
    const tenth = Math.max(1, Math.floor(rss.length / 10));
    const early = Math.max(...rss.slice(1, 1 + tenth * 2));
    L.push(
      `Soak: Flagon full at a fixed ${s.rate} req/s (autocannon \`overallRate\`, cycling through all five endpoints) for ${s.seconds} s: ${int(s.client.requests ?? 0)} requests, ${s.client.non2xx ?? 0} non-2xx, ${s.client.errors ?? 0} errors, p99 ${s.client.p99 ?? '?'} ms.`,
      '',
      ...heapLines(s.heap),
      `RSS: first ${first} MB (after 1 s), last ${last} MB, max ${Math.max(...rss)} MB; max of the first 20% of samples ${early} MB; peak (VmHWM) ${s.peakMb} MB. ${
        s.heap?.length
          ? 'RSS also counts garbage not yet collected and memory V8 keeps for later, so the leak verdict is on the heap above.'
          : last <= early * 1.1
            ? 'No growth beyond noise (last sample within 10% of the early maximum).'
            : '**RSS grew beyond 10% of the early maximum — look for a leak.**'
      }`,
      '',
      `RSS every 5 s (MB): ${s.samples
        .filter((x) => x.t % 5 === 0)
        .map((x) => `${x.t}s ${x.rssMb}`)
        .join(', ')}`,
      '',
    );
  }

  if (results.profiles.length) {
    L.push('## Profiles of missed targets', '');
    L.push(
      "V8's sampling CPU profiler (the one behind `node --cpu-prof`, started through `node:inspector` after a 1 s warm-up so that startup stays out) on the Flagon server under the same wrk load, summarized by `src/profile.ts`: self time, idle excluded.",
      '',
    );
    for (const p of results.profiles) {
      L.push(`### ${label(p.stack)} on \`${PATHS[p.endpoint]}\` (${p.summary.totalMs} ms sampled)`, '');
      L.push('| self % | function | where |', '| ---: | --- | --- |');
      for (const l of p.summary.top) L.push(`| ${l.selfPct} | \`${l.name}\` | ${l.where} |`);
      if (p.summary.flagonInclusive?.length) {
        L.push(
          '',
          'Flagon functions by total (inclusive) time:',
          '',
          '| total % | function | where |',
          '| ---: | --- | --- |',
        );
        for (const l of p.summary.flagonInclusive) L.push(`| ${l.selfPct} | \`${l.name}\` | ${l.where} |`);
      }
      L.push(
        '',
        `By package: ${p.summary.byPackage
          .slice(0, 10)
          .map((b) => `${b.pkg} ${b.selfPct}%`)
          .join(', ')}`,
        '',
      );
    }
  }
  if (existsSync(ANALYSIS_FILE)) {
    L.push(
      '## Analysis',
      '',
      '(from `bench/ANALYSIS.md`, written by hand after reading the figures above)',
      '',
    );
    L.push(readFileSync(ANALYSIS_FILE, 'utf8').trim(), '');
  }
  if (existsSync(SCALE_FILE)) L.push(readFileSync(SCALE_FILE, 'utf8').trim(), '');
  if (existsSync(ROUND2_FILE)) L.push(readFileSync(ROUND2_FILE, 'utf8').trim(), '');
  writeFileSync(file, `${L.join('\n')}\n`);
}

/** The scale-out figures of `src/scale.ts`, which RESULTS.md includes. */
const SCALE_FILE = new URL('../results/scale.md', import.meta.url).pathname;

/** The hand-written record of round 2's passes on the request lifecycle, which RESULTS.md ends with. */
const ROUND2_FILE = new URL('../ROUND2.md', import.meta.url).pathname;

/** Hand-written analysis that RESULTS.md includes. */
const ANALYSIS_FILE = new URL('../ANALYSIS.md', import.meta.url).pathname;

// `node src/report.ts [results/latest.json]` re-renders RESULTS.md from raw results (after
// editing ANALYSIS.md).
if (import.meta.main) {
  const input = process.argv[2] ?? new URL('../results/latest.json', import.meta.url).pathname;
  const results = JSON.parse(readFileSync(input, 'utf8')) as Results;
  results.targets = evaluateTargets(results);
  writeReport(results, new URL('../RESULTS.md', import.meta.url).pathname);
}
