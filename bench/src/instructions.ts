// Instructions and simulated cache misses per request, counted by valgrind's callgrind: the same
// figure for the same code whatever else the machine is doing, so it can tell a change of 1% apart
// where requests per CPU-second on two noisy cores cannot. What it does not see: system calls (the
// kernel's share of each request) and the real caches; its I1/D1 misses come from a simulated
// cache, a hint of what code and data a request touches, not a measurement of the CPU.
//
//   node src/instructions.ts hono flagon-full                      (/plaintext, 3 rounds of 4000 requests)
//   node src/instructions.ts --path=/db/4242 --top=30 flagon-full  (and where they go, by JS function)
//
// Each server runs alone under `valgrind --tool=callgrind` (about 50 times slower), is warmed up with
// counting off, then counted over exactly --requests requests (10 keep-alive connections, the
// session cookie sent), round after round. --top=N also maps each instruction of JIT code to its
// JS function through node's `--perf-basic-prof` map and prints the N costliest functions of the
// last round, with the totals of the stack's own code, Node's JS, V8's builtins, regular
// expressions, native code, garbage collection and compilation.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFixtures } from './fixtures.ts';
import { median } from './micro/harness.ts';
import { sessionCookie, startServer, stopServer } from './servers-run.ts';
import { STACKS } from './stacks.ts';

interface Options {
  path: string;
  requests: number;
  warmup: number;
  rounds: number;
  top: number;
  stacks: string[];
}

const CONNECTIONS = 10;
const SERVERS_DIR = new URL('./servers/', import.meta.url).pathname;

function parseArgs(argv: string[]): Options {
  const o: Options = { path: '/plaintext', requests: 4000, warmup: 15_000, rounds: 3, top: 0, stacks: [] };
  for (const arg of argv) {
    if (arg === '--') continue;
    const [key, value = ''] = arg.split('=', 2) as [string, string?];
    if (key === '--path') o.path = value;
    else if (key === '--requests') o.requests = whole(key, value, 1);
    else if (key === '--warmup') o.warmup = whole(key, value, 0);
    else if (key === '--rounds') o.rounds = whole(key, value, 1);
    else if (key === '--top') o.top = whole(key, value, 0);
    else if (arg.startsWith('--'))
      throw new Error(`Unknown option ${arg} (--path, --requests, --warmup, --rounds, --top).`);
    else o.stacks.push(arg);
  }
  if (o.stacks.length === 0) o.stacks = ['hono', 'flagon-full'];
  for (const id of o.stacks) {
    if (!STACKS.some((s) => s.id === id))
      throw new Error(`Unknown stack "${id}"; known: ${STACKS.map((s) => s.id).join(', ')}.`);
  }
  if (!o.path.startsWith('/')) throw new Error(`--path must start with "/", got "${o.path}".`);
  return o;
}

function whole(key: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${key} needs a whole number >= ${min}, got "${value}".`);
  return n;
}

function requireValgrind(): void {
  for (const tool of ['valgrind', 'callgrind_control']) {
    try {
      execFileSync(tool, ['--version'], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} is missing: apt-get install -y valgrind`);
    }
  }
}

/** Sends `count` GET requests over CONNECTIONS keep-alive connections; a status >= 400 throws. */
async function drive(agent: Agent, port: number, path: string, cookie: string, count: number): Promise<void> {
  let sent = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const request = get({ host: '127.0.0.1', port, path, agent, headers: { cookie } }, (response) => {
        response.resume();
        response.on('end', () =>
          (response.statusCode ?? 500) >= 400
            ? reject(new Error(`${path} answered ${response.statusCode}`))
            : resolve(),
        );
      });
      request.on('error', reject);
    });
  const worker = async () => {
    while (sent++ < count) await one();
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
}

interface Counted {
  /** Event name → count per request (Ir, Dr, Dw, I1mr, D1mr, D1mw, ILmr, DLmr, DLmw). */
  readonly perRequest: Record<string, number>;
  /** The dump file of the round. */
  readonly file: string;
}

/** One stack under callgrind: started, warmed up uncounted, then counted round by round. */
class CountedServer {
  readonly #child: ChildProcess;
  readonly #dir: string;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  #stderr = '';
  #dumps = 0;
  readonly id: string;
  readonly port: number;

  constructor(id: string, file: string, port: number, env: Record<string, string>, attribute: boolean) {
    this.id = id;
    this.port = port;
    this.#dir = mkdtempSync(join(tmpdir(), 'flagon-callgrind-'));
    const valgrind = ['--tool=callgrind', '--instr-atstart=no', '--cache-sim=yes'];
    if (attribute) valgrind.push('--dump-instr=yes');
    const node = attribute ? ['--perf-basic-prof'] : [];
    this.#child = spawn(
      'valgrind',
      [
        ...valgrind,
        `--callgrind-out-file=${this.#dir}/callgrind`,
        process.execPath,
        ...node,
        `${SERVERS_DIR}${file}.ts`,
      ],
      {
        // In its own folder: --perf-basic-prof also writes V8's log to the working directory.
        cwd: this.#dir,
        env: { ...process.env, ...env, PORT: String(port), NODE_ENV: 'production' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    this.#child.stderr?.on('data', (d: Buffer) => {
      this.#stderr = (this.#stderr + d).slice(-4000);
    });
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  async ready(path: string, cookie: string): Promise<void> {
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      if (this.#child.exitCode !== null)
        throw new Error(`${this.id} exited under valgrind:\n${this.#stderr}`);
      try {
        await drive(this.#agent, this.port, path, cookie, 1);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    throw new Error(`${this.id} did not answer under valgrind within 180 s:\n${this.#stderr}`);
  }

  warm(path: string, cookie: string, count: number): Promise<void> {
    return drive(this.#agent, this.port, path, cookie, count);
  }

  async count(path: string, cookie: string, requests: number): Promise<Counted> {
    this.#control('--zero');
    this.#control('--instr=on');
    await drive(this.#agent, this.port, path, cookie, requests);
    this.#control('--instr=off');
    this.#control('--dump');
    const file = join(this.#dir, `callgrind.${++this.#dumps}`);
    const text = await readWhenWritten(file);
    const events = /^events: (.+)$/m.exec(text)?.[1]?.split(' ') ?? [];
    const totals = /^totals: (.+)$/m.exec(text)?.[1]?.split(' ').map(Number) ?? [];
    const perRequest: Record<string, number> = {};
    events.forEach((name, i) => {
      perRequest[name] = (totals[i] ?? 0) / requests;
    });
    return { perRequest, file };
  }

  #control(option: string): void {
    execFileSync('callgrind_control', [option, String(this.pid)], { stdio: 'ignore', timeout: 60_000 });
  }

  stop(): void {
    this.#agent.destroy();
    this.#child.kill('SIGKILL');
    rmSync(this.#dir, { recursive: true, force: true });
    rmSync(`/tmp/perf-${this.pid}.map`, { force: true });
  }
}

async function readWhenWritten(file: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8');
      if (/^totals: /m.test(text)) return text;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`callgrind wrote no dump at ${file}`);
}

/** JIT code ranges from node's perf map: [start, size, name], sorted by start. */
function readPerfMap(file: string): [number, number, string][] {
  const ranges: [number, number, string][] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
    if (m)
      ranges.push([Number.parseInt(m[1] as string, 16), Number.parseInt(m[2] as string, 16), m[3] as string]);
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

function jsFunctionAt(ranges: [number, number, string][], address: number): string | undefined {
  let lo = 0;
  let hi = ranges.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((ranges[mid] as [number, number, string])[0] <= address) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // Code can be freed and its space reused: the nearest range below that covers the address wins.
  for (let i = found; i >= 0 && i > found - 64; i--) {
    const [start, size, name] = ranges[i] as [number, number, string];
    if (address < start + size) return name;
  }
  return undefined;
}

/**
 * Self cost by function, from a dump made with --dump-instr=yes. JIT code (object `???`) is named
 * through the perf map; the cost line after `calls=` is a call's inclusive cost and is skipped.
 */
function attribute(dump: string, perfMap: string): Map<string, number[]> {
  const ranges = readPerfMap(perfMap);
  const names = { ob: new Map<string, string>(), fn: new Map<string, string>() };
  const byFunction = new Map<string, number[]>();
  let object = '';
  let fn = '';
  let address = 0;
  let callCost = false;
  const named = (kind: 'ob' | 'fn', value: string): string => {
    const m = /^\((\d+)\)(?: (.*))?$/.exec(value);
    if (!m) return value;
    if (m[2] !== undefined) names[kind].set(m[1] as string, m[2]);
    return names[kind].get(m[1] as string) ?? value;
  };
  for (const line of readFileSync(dump, 'utf8').split('\n')) {
    if (line.startsWith('ob=')) object = named('ob', line.slice(3));
    else if (line.startsWith('fn=')) fn = named('fn', line.slice(3));
    else if (line.startsWith('cob=')) named('ob', line.slice(4));
    else if (line.startsWith('cfn=')) named('fn', line.slice(4));
    else if (line.startsWith('calls=')) callCost = true;
    else if (/^(0x|[+-]|\*)/.test(line)) {
      const [position = '', , ...costs] = line.split(' ');
      if (position.startsWith('0x')) address = Number.parseInt(position, 16);
      else if (position[0] === '+') address += Number(position.slice(1));
      else if (position[0] === '-') address -= Number(position.slice(1));
      if (callCost) {
        callCost = false;
        continue;
      }
      const key =
        object === '???'
          ? `JS ${jsFunctionAt(ranges, address) ?? '(JIT code not in the map)'}`
          : `${object.split('/').pop()} ${fn}`;
      const sum = byFunction.get(key) ?? [];
      costs.forEach((c, i) => {
        sum[i] = (sum[i] ?? 0) + Number(c);
      });
      byFunction.set(key, sum);
    }
  }
  return byFunction;
}

/** Which part of the process a function belongs to. */
function category(key: string): string {
  if (key.startsWith('JS ')) {
    if (/\/packages\/|@flagon\/|\/hono@|@hono\+|\/bench\/src\//.test(key))
      return 'the stack (framework, app)';
    if (/ node:/.test(key)) return "Node's JS (http, streams)";
    if (key.startsWith('JS RegExp')) return 'regular expressions';
    return 'other JIT code';
  }
  if (/ Builtins_/.test(key)) return "V8's builtins";
  if (/compiler::|Compile|Maglev|Turbofan|Deoptimiz/.test(key)) return 'compilation';
  if (/Scaveng|Heap::|MarkCompact|Sweep|Evacuat|IterateObjectCache|RootPointer|heap::base/.test(key))
    return 'garbage collection';
  return 'native (node, V8 runtime, libc)';
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  requireValgrind();
  const fixtures = createFixtures();
  const env = { DB_PATH: fixtures.path };
  const login = await startServer('flagon-full', 'flagon-full', 4760, env, '/plaintext');
  const cookie = await sessionCookie(login).finally(() => stopServer(login));
  const results: { id: string; rounds: Record<string, number>[] }[] = [];
  try {
    let port = 4761;
    for (const id of o.stacks) {
      const file = STACKS.find((s) => s.id === id)?.server ?? id;
      const server = new CountedServer(id, file, port++, env, o.top > 0);
      try {
        await server.ready(o.path, cookie);
        await server.warm(o.path, cookie, o.warmup);
        const rounds: Record<string, number>[] = [];
        let last: Counted | undefined;
        for (let r = 1; r <= o.rounds; r++) {
          last = await server.count(o.path, cookie, o.requests);
          rounds.push(last.perRequest);
          console.log(
            `${id} round ${r}/${o.rounds}: ${fmt(last.perRequest.Ir ?? 0)} instructions per request`,
          );
        }
        results.push({ id, rounds });
        if (last && o.top > 0) printFunctions(id, last.file, `/tmp/perf-${server.pid}.map`, o);
      } finally {
        server.stop();
      }
    }
  } finally {
    fixtures.dispose();
  }
  const base = median(results[0]?.rounds.map((r) => r.Ir ?? 0) ?? []);
  console.log(
    `\n${o.path}: per request, median of ${o.rounds} rounds of ${o.requests} requests under callgrind ` +
      '(I1/D1 misses from its simulated cache):',
  );
  console.log(
    '| stack | instructions | vs first | I1 misses | D1 read misses |\n| --- | ---: | ---: | ---: | ---: |',
  );
  for (const { id, rounds } of results) {
    const ir = median(rounds.map((r) => r.Ir ?? 0));
    const i1 = median(rounds.map((r) => r.I1mr ?? 0));
    const d1 = median(rounds.map((r) => r.D1mr ?? 0));
    console.log(`| ${id} | ${fmt(ir)} | ${(ir / base).toFixed(3)}x | ${fmt(i1)} | ${fmt(d1)} |`);
  }
}

function printFunctions(id: string, dump: string, perfMap: string, o: Options): void {
  if (!existsSync(perfMap)) {
    console.log(`${id}: no perf map at ${perfMap}, so JIT code is not named.`);
    return;
  }
  const byFunction = attribute(dump, perfMap);
  const perRequest = (costs: number[], i: number) => (costs[i] ?? 0) / o.requests;
  // Events are Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw: columns 0, 3 and 4.
  const groups = new Map<string, number[]>();
  for (const [key, costs] of byFunction) {
    const group = groups.get(category(key)) ?? [0, 0, 0];
    group[0] = (group[0] ?? 0) + perRequest(costs, 0);
    group[1] = (group[1] ?? 0) + perRequest(costs, 3);
    group[2] = (group[2] ?? 0) + perRequest(costs, 4);
    groups.set(category(key), group);
  }
  console.log(`\n${id} ${o.path}, last round, per request: instructions, I1 misses, D1 read misses`);
  for (const [name, [ir = 0, i1 = 0, d1 = 0]] of [...groups].sort(
    (a, b) => (b[1][0] ?? 0) - (a[1][0] ?? 0),
  )) {
    console.log(`${fmt(ir).padStart(8)} ${fmt(i1).padStart(6)} ${fmt(d1).padStart(6)}  ${name}`);
  }
  console.log(`\nthe ${o.top} costliest functions:`);
  const rows = [...byFunction].sort((a, b) => (b[1][0] ?? 0) - (a[1][0] ?? 0)).slice(0, o.top);
  for (const [key, costs] of rows) {
    const name = key.replace(/file:\/\/\/\S*?\/(packages|node_modules\/\.pnpm)\//, '$1/').slice(0, 120);
    console.log(
      `${fmt(perRequest(costs, 0)).padStart(8)} ${fmt(perRequest(costs, 3)).padStart(6)} ${fmt(perRequest(costs, 4)).padStart(6)}  ${name}`,
    );
  }
}

if (import.meta.main) await main();
