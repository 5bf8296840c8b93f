// `pnpm bench`: HTTP stacks under wrk, micro benchmarks, memory and a soak; writes RESULTS.md
// and results/latest.json. `--quick` for a short smoke run; `--only=<stack,…>` and
// `--skip=micro,soak,profile` to narrow it.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Endpoint, PATHS } from './data.ts';
import { createFixtures } from './fixtures.ts';
import { HAS_TASKSET, type LoadResult, pickLoadTool, pinned, runLoad } from './load.ts';
import type { MicroResult } from './micro/harness.ts';
import { type ProfileSummary, summarizeProfile } from './profile.ts';
import { evaluateTargets, type Results, writeReport } from './report.ts';
import {
  cpuSeconds,
  LOAD_CPU,
  procStatusMb,
  type RunningServer,
  SERVER_CPU,
  sessionCookie,
  startServer,
  stopServer,
} from './servers-run.ts';
import { STACKS } from './stacks.ts';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const flag = (name: string): string | undefined =>
  argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const num = (name: string, fallback: number) => Number(flag(name) ?? fallback);
const config = {
  quick,
  warmupSeconds: num('warmup', 1),
  rounds: num('rounds', quick ? 3 : 9),
  seconds: num('seconds', 1),
  connections: num('connections', 50),
  soakSeconds: num('soak', quick ? 10 : 60),
  soakRate: num('soak-rate', 1000),
  profileSeconds: num('profile-seconds', quick ? 2 : 4),
};
const only = flag('only')?.split(',');
const skip = new Set(flag('skip')?.split(',') ?? []);
const BENCH_DIR = new URL('../', import.meta.url).pathname;
const started = Date.now();
const log = (line: string) =>
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${line}\n`);

const ENDPOINTS = Object.keys(PATHS) as Endpoint[];
const fixtures = createFixtures();
const tool = pickLoadTool(log);
log(`load generator: ${tool}; taskset: ${HAS_TASKSET ? 'yes' : 'no'}; ${JSON.stringify(config)}`);

const results: Results = {
  meta: {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
    platform: `${process.platform} ${process.arch}`,
    packages: packageVersions(),
    command: `pnpm bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    tool,
    pinned: HAS_TASKSET
      ? `server on CPU ${SERVER_CPU}, load generator on CPU ${LOAD_CPU}`
      : 'not pinned (no taskset)',
    config,
    git: gitState(),
    distChangedDuringRun: undefined as string[] | undefined,
  },
  stacks: [],
  checks: [],
  http: {},
  memory: {},
  profiles: [],
  micro: [],
  soak: undefined,
  targets: [],
  durationSeconds: 0,
};

const distAtStart = distStamp();
const servers: RunningServer[] = [];
try {
  // 1. Start every stack, each a single process pinned to the server core.
  let port = 4300;
  let cookie = '';
  for (const stack of STACKS) {
    if (only && !only.includes(stack.id)) continue;
    try {
      const server = await startServer(
        stack.id,
        stack.server ?? stack.id,
        port++,
        { DB_PATH: fixtures.path },
        PATHS[stack.endpoints[0] as Endpoint],
      );
      servers.push(server);
      results.stacks.push({ ...stack, available: true });
      if (stack.id === 'flagon-full') cookie = await sessionCookie(server);
    } catch (error) {
      log(`${stack.id} is unavailable: ${(error as Error).message.split('\n')[0]}`);
      results.stacks.push({
        ...stack,
        available: false,
        error: String((error as Error).message).slice(0, 500),
      });
    }
  }
  const headers: Record<string, string> = cookie ? { cookie } : {};
  const headersFor = (id: string) => (STACKS.find((s) => s.id === id)?.noCookie ? {} : headers);
  log(`servers up: ${servers.map((s) => s.id).join(', ')}${cookie ? ' (session cookie for all)' : ''}`);

  // 2. Responses must be identical across stacks before anything is timed.
  const timed = new Map<Endpoint, RunningServer[]>();
  for (const endpoint of ENDPOINTS) {
    const serving = servers.filter((s) => STACKS.find((st) => st.id === s.id)?.endpoints.includes(endpoint));
    let reference: { status: number; type: string; body: string } | undefined;
    const ok: RunningServer[] = [];
    for (const server of serving) {
      const response = await fetch(server.url + PATHS[endpoint], { headers: headersFor(server.id) });
      const got = {
        status: response.status,
        // Only the media type is compared: charset spelling (UTF-8/utf-8) and its presence differ.
        type: (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '',
        body: await response.text(),
      };
      reference ??= got;
      const same =
        got.status === reference.status && got.type === reference.type && got.body === reference.body;
      const detail = same
        ? `${got.status} ${got.type}, ${got.body.length} chars`
        : `differs from ${serving[0]?.id}: ${describeDiff(reference, got)}`;
      results.checks.push({ endpoint, stack: server.id, ok: same, detail });
      if (same) ok.push(server);
      else log(`CHECK FAILED ${endpoint} ${server.id}: ${detail}`);
    }
    timed.set(endpoint, ok);
  }

  // 3. Load: per endpoint, a warm-up per stack, then rounds with the stack order rotated.
  for (const endpoint of ENDPOINTS) {
    const list = timed.get(endpoint) ?? [];
    const runs: Record<string, LoadResult[]> = {};
    for (const server of list) {
      await load(server, endpoint, config.warmupSeconds, headersFor(server.id));
      runs[server.id] = [];
    }
    for (let round = 0; round < config.rounds; round++) {
      const order = list.map((_, i) => list[(i + round) % list.length] as RunningServer);
      for (const server of order) {
        const r = await load(server, endpoint, config.seconds, headersFor(server.id));
        runs[server.id]?.push(r);
        log(
          `${endpoint.padEnd(9)} ${server.id.padEnd(12)} round ${round + 1}: ${Math.round(r.rps)} req/s, ${r.perCpuSecond ?? '?'} req/CPU-s${r.errors ? ` (${r.errors} errors)` : ''}`,
        );
      }
    }
    results.http[endpoint] = runs;
  }

  // 4. Peak RSS of each server after its runs.
  for (const server of servers) results.memory[server.id] = procStatusMb(server.child.pid, 'VmHWM');
  await Promise.all(servers.splice(0).map(stopServer));

  // 5. Micro benchmarks, each in its own process on the server core.
  if (!skip.has('micro')) {
    for (const file of ['routes', 'templates', 'queries', 'session']) {
      try {
        results.micro.push(...(await micro(file)));
      } catch (error) {
        log(`micro/${file} failed: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`);
      }
    }
  }

  // 6. Soak: Flagon full at a fixed rate, RSS sampled every second.
  if (!skip.has('soak') && results.stacks.some((s) => s.id === 'flagon-full' && s.available)) {
    results.soak = await soak(fixtures.path);
  }

  // Another engineer's build may have replaced a dist/ while we measured: say so.
  const changed = Object.keys(distAtStart).filter((k) => distStamp()[k] !== distAtStart[k]);
  if (changed.length) {
    results.meta.distChangedDuringRun = changed;
    log(`dist/ of ${changed.join(', ')} changed during the run: profiles below use the newer build`);
  }

  // 7. Targets; a missed one gets a CPU profile of the Flagon server under the same load.
  results.targets = evaluateTargets(results);
  if (!skip.has('profile')) {
    const wanted = new Map<string, { stack: string; endpoint: Endpoint }>();
    for (const t of results.targets) {
      if (t.met === false && t.profile) wanted.set(`${t.profile.stack}:${t.profile.endpoint}`, t.profile);
    }
    for (const { stack, endpoint } of wanted.values()) {
      try {
        results.profiles.push({ stack, endpoint, summary: await profile(stack, endpoint, headers) });
      } catch (error) {
        log(`profile of ${stack} ${endpoint} failed: ${(error as Error).message}`);
      }
    }
  }
} finally {
  await Promise.all(servers.map(stopServer));
  fixtures.dispose();
}

results.durationSeconds = Math.round((Date.now() - started) / 1000);
mkdirSync(join(BENCH_DIR, 'results'), { recursive: true });
const jsonFile = join(BENCH_DIR, 'results', quick ? 'quick.json' : 'latest.json');
writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
writeReport(results, join(BENCH_DIR, quick ? 'results/QUICK.md' : 'RESULTS.md'));
log(`done in ${results.durationSeconds}s: ${jsonFile}`);
for (const t of results.targets)
  log(`${t.met === true ? 'MET    ' : t.met === false ? 'MISSED ' : 'n/a    '} ${t.name}: ${t.figure}`);

// --- helpers -----------------------------------------------------------------------------------

async function load(
  server: RunningServer,
  endpoint: Endpoint,
  seconds: number,
  headers: Record<string, string>,
) {
  const before = cpuSeconds(server.child.pid);
  const result = await runLoad(tool, {
    url: server.url + PATHS[endpoint],
    seconds,
    connections: config.connections,
    headers,
    cpu: LOAD_CPU,
  });
  const used = cpuSeconds(server.child.pid) - before;
  if (used > 0) {
    result.serverCpuSeconds = Math.round(used * 100) / 100;
    result.perCpuSecond = Math.round(result.requests / used);
  }
  return result;
}

function describeDiff(a: { status: number; type: string; body: string }, b: typeof a): string {
  if (a.status !== b.status) return `status ${b.status} instead of ${a.status}`;
  if (a.type !== b.type) return `content-type ${b.type} instead of ${a.type}`;
  let i = 0;
  while (i < a.body.length && a.body[i] === b.body[i]) i++;
  return `body differs at char ${i}: ${JSON.stringify(b.body.slice(Math.max(0, i - 30), i + 50))} instead of ${JSON.stringify(a.body.slice(Math.max(0, i - 30), i + 50))}`;
}

function micro(file: string): Promise<MicroResult[]> {
  log(`micro/${file}`);
  const [cmd, args] = pinned(SERVER_CPU, process.execPath, [
    join(BENCH_DIR, 'src', 'micro', `${file}.ts`),
    '--json',
    ...(quick ? ['--quick'] : []),
  ]);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d;
    });
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      const queries = /flagonPostsQueries=(\d+)/.exec(err);
      if (queries) results.notes = { ...results.notes, flagonPostsQueries: Number(queries[1]) };
      if (err.trim()) log(`micro/${file}: ${err.trim().split('\n').join(' | ').slice(0, 300)}`);
      if (code === 0 && line.startsWith('[')) resolve(JSON.parse(line) as MicroResult[]);
      else reject(new Error(`exit ${code}: ${err || out}`));
    });
  });
}

async function soak(dbPath: string): Promise<Results['soak']> {
  log(`soak: flagon-full at ${config.soakRate} req/s for ${config.soakSeconds}s`);
  const heapDir = mkdtempSync(join(tmpdir(), 'flagon-heap-'));
  const heapFile = join(heapDir, 'heap.txt');
  const server = await startServer(
    'flagon-full',
    'flagon-full',
    4399,
    { DB_PATH: dbPath, BENCH_HEAP_FILE: heapFile },
    '/plaintext',
    ['--expose-gc'],
  );
  try {
    const cookie = await sessionCookie(server);
    const samples: { t: number; rssMb: number }[] = [
      { t: 0, rssMb: procStatusMb(server.child.pid, 'VmRSS') },
    ];
    const [cmd, args] = pinned(LOAD_CPU, process.execPath, [
      join(BENCH_DIR, 'src', 'soak-client.ts'),
      server.url,
      String(config.soakRate),
      String(config.soakSeconds),
      cookie,
    ]);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
    });
    const t0 = Date.now();
    const timer = setInterval(() => {
      samples.push({
        t: Math.round((Date.now() - t0) / 1000),
        rssMb: procStatusMb(server.child.pid, 'VmRSS'),
      });
    }, 1000);
    await new Promise((r) => child.on('close', r));
    clearInterval(timer);
    samples.push({ t: Math.round((Date.now() - t0) / 1000), rssMb: procStatusMb(server.child.pid, 'VmRSS') });
    const client = JSON.parse(out.trim() || '{}') as Record<string, number>;
    return {
      rate: config.soakRate,
      seconds: config.soakSeconds,
      samples,
      heap: heapSamples(heapFile, t0),
      client,
      peakMb: procStatusMb(server.child.pid, 'VmHWM'),
    };
  } finally {
    await stopServer(server);
    rmSync(heapDir, { recursive: true, force: true });
  }
}

/** The heap in use after each full collection the server made during the soak (from `t0` on). */
function heapSamples(file: string, t0: number): { t: number; heapMb: number }[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' ').map(Number) as [number, number])
    .filter(([at, bytes]) => at >= t0 && Number.isFinite(bytes))
    .map(([at, bytes]) => ({
      t: Math.round((at - t0) / 1000),
      heapMb: Math.round(bytes / 1024 / 102.4) / 10,
    }));
}

async function profile(
  stack: string,
  endpoint: Endpoint,
  headers: Record<string, string>,
): Promise<ProfileSummary> {
  log(`profile: ${stack} ${endpoint} for ${config.profileSeconds}s`);
  const dir = mkdtempSync(join(tmpdir(), 'flagon-prof-'));
  const file = join(dir, `${stack}-${endpoint}.cpuprofile`);
  try {
    const server = await startServer(
      stack,
      STACKS.find((s) => s.id === stack)?.server ?? stack,
      4398,
      { DB_PATH: fixtures.path, BENCH_PROFILE: file },
      PATHS[endpoint],
    );
    const wrk = (seconds: number) =>
      runLoad(tool, {
        url: server.url + PATHS[endpoint],
        seconds,
        connections: config.connections,
        headers,
        cpu: LOAD_CPU,
      });
    try {
      await wrk(1); // warm-up, not profiled
      server.child.kill('SIGUSR2');
      await new Promise((r) => setTimeout(r, 100));
      await wrk(config.profileSeconds);
      server.child.kill('SIGUSR2');
      const deadline = Date.now() + 10_000;
      while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await stopServer(server);
    }
    if (!existsSync(file)) throw new Error('no .cpuprofile written');
    return summarizeProfile(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The commit, and which Flagon packages had uncommitted changes when their dist/ was built. */
function gitState(): { head: string; dirty: string[] } {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--', '../packages'], { encoding: 'utf8' });
    const dirty = [
      ...new Set(
        status
          .split('\n')
          .map((l) => /packages\/([^/]+)\//.exec(l)?.[1])
          .filter((x): x is string => !!x),
      ),
    ];
    return { head, dirty };
  } catch {
    return { head: 'unknown', dirty: [] };
  }
}

/** Modification times of the Flagon packages' built entry points. */
function distStamp(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of ['core', 'templates', 'orm', 'blueprints']) {
    try {
      out[name] = statSync(join(BENCH_DIR, '..', 'packages', name, 'dist', 'index.js')).mtimeMs;
    } catch {
      out[name] = 0;
    }
  }
  return out;
}

function packageVersions(): Record<string, string> {
  const names = [
    '@flagon/core',
    '@flagon/templates',
    '@flagon/orm',
    '@flagon/blueprints',
    'hono',
    '@hono/node-server',
    'fastify',
    'express',
    'eta',
    'nunjucks',
    'ejs',
    'kysely',
    'better-sqlite3',
    'autocannon',
  ];
  const out: Record<string, string> = {};
  for (const name of names) {
    try {
      const pkg = JSON.parse(readFileSync(join(BENCH_DIR, 'node_modules', name, 'package.json'), 'utf8'));
      out[name] = pkg.version;
    } catch {
      out[name] = 'not installed';
    }
  }
  return out;
}
