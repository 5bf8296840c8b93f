// The load generator: wrk pinned to its own core (autocannon when wrk is missing), parsed.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One timed run against one URL. */
export interface LoadResult {
  rps: number;
  requests: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Non-2xx/3xx responses plus socket errors; a run with errors is reported as such. */
  errors: number;
  /** CPU seconds the server process used during the run (user + system), when known. */
  serverCpuSeconds?: number;
  /** Requests per CPU-second of the server: throughput with other processes' noise taken out. */
  perCpuSecond?: number;
}

export interface LoadOptions {
  url: string;
  seconds: number;
  connections: number;
  headers?: Record<string, string>;
  /** The CPU the generator is pinned to. */
  cpu: number;
  /**
   * Milliseconds each connection waits between a response and its next request: a steady load
   * below saturation, the same for every server (wrk's Lua `delay`; autocannon's connection rate).
   */
  pace?: number;
}

/** A wrk script whose `delay()` paces each connection, written once per pace. */
function paceScript(ms: number): string {
  const file = join(tmpdir(), `flagon-bench-pace-${ms}.lua`);
  if (!existsSync(file)) writeFileSync(file, `function delay()\n  return ${ms}\nend\n`);
  return file;
}

export type LoadTool = 'wrk' | 'autocannon';

/** wrk when it is on PATH; otherwise tries `apt-get install -y wrk` when root; else autocannon. */
export function pickLoadTool(log: (line: string) => void): LoadTool {
  if (has('wrk')) return 'wrk';
  if (process.getuid?.() === 0 && has('apt-get')) {
    log('wrk is missing: running apt-get install -y wrk …');
    try {
      execFileSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'ignore', timeout: 120_000 });
    } catch {
      try {
        execFileSync('apt-get', ['update'], { stdio: 'ignore', timeout: 120_000 });
        execFileSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'ignore', timeout: 120_000 });
      } catch {
        // fall through to autocannon
      }
    }
    if (has('wrk')) return 'wrk';
  }
  log('wrk is not available (apt-get install wrk): using autocannon, which needs more CPU per request.');
  return 'autocannon';
}

function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** True when `taskset` can pin processes. */
export const HAS_TASKSET = has('taskset');

/** Prefixes a command with `taskset -c cpu` when taskset exists. */
export function pinned(cpu: number, command: string, args: string[]): [string, string[]] {
  return HAS_TASKSET ? ['taskset', ['-c', String(cpu), command, ...args]] : [command, args];
}

function run(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const [cmd, argv] = [command, args];
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${argv.join(' ')} exited with ${code}: ${err || out}`));
    });
  });
}

/** Runs the load generator once and parses its figures. */
export async function runLoad(tool: LoadTool, o: LoadOptions): Promise<LoadResult> {
  const headerArgs = Object.entries(o.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const timeout = (o.seconds + 30) * 1000;
  if (tool === 'wrk') {
    const [cmd, args] = pinned(o.cpu, 'wrk', [
      '-t1',
      `-c${o.connections}`,
      `-d${Math.max(1, Math.round(o.seconds))}s`,
      '--latency',
      ...(o.pace ? ['-s', paceScript(o.pace)] : []),
      ...headerArgs,
      o.url,
    ]);
    return parseWrk(await run(cmd, args, timeout));
  }
  const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const [cmd, args] = pinned(o.cpu, process.execPath, [
    bin,
    '-j',
    '-c',
    String(o.connections),
    '-d',
    String(o.seconds),
    ...(o.pace ? ['--connectionRate', String(Math.max(1, Math.round(1000 / o.pace)))] : []),
    ...headerArgs,
    o.url,
  ]);
  const json = JSON.parse(await run(cmd, args, timeout)) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
  };
  return {
    rps: json.requests.average,
    requests: json.requests.total,
    latencyP50Ms: json.latency.p50,
    latencyP99Ms: json.latency.p99,
    errors: json.non2xx + json.errors,
  };
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  if (unit === 'us') return n / 1000;
  if (unit === 's') return n * 1000;
  if (unit === 'm') return n * 60_000;
  return n;
}

/** Parses wrk's `--latency` report. */
export function parseWrk(text: string): LoadResult {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(text);
  const total = /(\d+) requests in/.exec(text);
  if (!rps || !total) throw new Error(`Could not parse wrk output:\n${text}`);
  const lat = (pct: string) => {
    const m = new RegExp(`\\s${pct}%\\s+([\\d.]+)(us|ms|s|m)`).exec(text);
    return m ? toMs(m[1] as string, m[2] as string) : Number.NaN;
  };
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(text);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const socketErrors = sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  return {
    rps: Number(rps[1]),
    requests: Number(total[1]),
    latencyP50Ms: lat('50'),
    latencyP99Ms: lat('99'),
    errors: (non2xx ? Number(non2xx[1]) : 0) + socketErrors,
  };
}
