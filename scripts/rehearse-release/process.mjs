// Child processes for the release rehearsal: run a command to completion, start a long-running
// one, find a free port on loopback, and an environment without the caller's npm settings.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** The process groups started by {@link run} and {@link start} that have not ended yet. */
const running = new Set();

/** Ends every process group that is still running (on SIGINT or SIGTERM of the rehearsal). */
export function killRunning() {
  for (const pid of running) killGroup(pid, 'SIGKILL');
}

/** Spawns `command` as the leader of a new process group, tracked until it closes. */
function spawnGroup(command, args, { cwd, env }) {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) {
    running.add(child.pid);
    child.on('close', () => running.delete(child.pid));
  }
  return child;
}

/** A step of the rehearsal failed: the message says which, and what the command printed. */
export class RehearsalError extends Error {
  constructor(message) {
    super(message);
    this.name = 'RehearsalError';
  }
}

/** The last `lines` lines of a command's output, for an error message. */
export function tail(text, lines = 60) {
  const all = text.trimEnd().split('\n');
  return (all.length > lines ? ['…', ...all.slice(-lines)] : all).join('\n');
}

/**
 * The caller's environment without the variables that `pnpm run` and npm add for the running
 * script (`npm_config_*`, `npm_package_*`, `pnpm_config_*`, …) or that vitest and turbo set, so
 * a child command reads its registry and settings only from the config the rehearsal gives it.
 */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|pnpm_|VITEST|TURBO_|NODE_OPTIONS$|INIT_CWD$|PNPM_SCRIPT_SRC_DIR$)/i.test(key)) {
      env[key] = value;
    }
  }
  return { ...env, ...extra };
}

/**
 * Runs `command args` to completion in its own process group (so a timeout ends its children
 * too) and resolves to its exit code and output; never rejects.
 */
export function run(command, args, { cwd, env = cleanEnv(), timeout = 300_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawnGroup(command, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid, 'SIGKILL');
    }, timeout);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: `${stderr}${error.message}\n`, timedOut });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, timedOut });
    });
  });
}

/** {@link run}, throwing a {@link RehearsalError} that names the command unless it exits 0. */
export async function mustRun(command, args, options = {}) {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const what = `${command} ${args.join(' ')}`;
    const why = result.timedOut
      ? `timed out after ${(options.timeout ?? 300_000) / 1000} s`
      : `exit ${result.code}`;
    throw new RehearsalError(
      `\`${what}\` failed in ${options.cwd ?? process.cwd()} (${why}):\n${tail(result.stdout + result.stderr)}`,
    );
  }
  return result;
}

/** Sends `signal` to the process group that {@link run} or {@link start} made for `pid`. */
export function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/**
 * Starts a long-running command in its own process group. `matched` resolves once its output
 * matches `ready` (to the match) and rejects when it exits first or after `timeout` ms; without
 * `ready` it is never settled. `exited` resolves to `{ code, signal }`.
 */
export function start(command, args, { cwd, env = cleanEnv(), ready, timeout = 30_000 }) {
  const child = spawnGroup(command, args, { cwd, env });
  let output = '';
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const matched = new Promise((resolve, reject) => {
    if (!ready) {
      child.stdout.on('data', (chunk) => {
        output += chunk;
      });
      child.stderr.on('data', (chunk) => {
        output += chunk;
      });
      return;
    }
    const timer = setTimeout(() => {
      killGroup(child.pid, 'SIGKILL');
      reject(
        new RehearsalError(
          `\`${command} ${args.join(' ')}\` in ${cwd} printed no ${ready} within ${timeout / 1000} s:\n${tail(output)}`,
        ),
      );
    }, timeout);
    const onData = (chunk) => {
      output += chunk;
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new RehearsalError(
          `\`${command} ${args.join(' ')}\` in ${cwd} exited (${code ?? signal}) before it was ready:\n${tail(output)}`,
        ),
      );
    });
  });
  return { child, exited, matched, output: () => output };
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
