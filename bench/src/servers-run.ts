// Starting, checking and stopping server processes pinned to the server core.

import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pinned } from './load.ts';

export const SERVER_CPU = 0;
export const LOAD_CPU = 1;

export interface RunningServer {
  id: string;
  port: number;
  child: ChildProcess;
  url: string;
  stderr: string;
}

const SERVERS_DIR = new URL('./servers/', import.meta.url).pathname;

/**
 * Starts `servers/<file>.ts` as stack `id` on `port`, pinned to the server core, and waits until it
 * answers. `serversDir` is another checkout's `bench/src/servers/` (to compare against it).
 */
export async function startServer(
  id: string,
  file: string,
  port: number,
  env: Record<string, string>,
  probePath: string,
  nodeArgs: string[] = [],
  serversDir = SERVERS_DIR,
): Promise<RunningServer> {
  const [cmd, args] = pinned(SERVER_CPU, process.execPath, [...nodeArgs, `${serversDir}${file}.ts`]);
  const child = spawn(cmd, args, {
    env: { ...process.env, ...env, PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const server: RunningServer = { id, port, child, url: `http://127.0.0.1:${port}`, stderr: '' };
  child.stderr?.on('data', (d: Buffer) => {
    server.stderr += d;
  });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${id} exited with ${child.exitCode}:\n${server.stderr}`);
    try {
      await fetch(server.url + probePath);
      return server;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`${id} did not answer on port ${port} within 20 s:\n${server.stderr}`);
}

/** Logs in on Flagon full once; every stack then gets the same signed session cookie. */
export async function sessionCookie(server: RunningServer): Promise<string> {
  const response = await fetch(`${server.url}/login`, { redirect: 'manual' });
  const set = response.headers.get('set-cookie');
  if (!set) throw new Error('flagon-full /login did not set a session cookie');
  return set.split(';')[0] as string;
}

/** Stops a server with SIGTERM (SIGKILL after 5 s); resolves when it has exited. */
export function stopServer(server: RunningServer): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    const timer = setTimeout(() => server.child.kill('SIGKILL'), 5000);
    server.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    server.child.kill('SIGTERM');
  });
}

/** A field of /proc/<pid>/status in MB (VmHWM = peak RSS, VmRSS = current RSS); NaN off Linux. */
export function procStatusMb(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(text);
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; NaN off Linux. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: state is field 3, utime field 14, stime field 15 (1-based).
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

const CLOCK_TICKS = 100;
