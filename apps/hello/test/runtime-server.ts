// Serves an app with another runtime's binary (Bun, Deno, workerd) on 127.0.0.1 for the runtime
// tests, which run when FLAGON_RUNTIMES=1 (.ci/run sets it). Used by hello and hello-worker.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** An app served by a child process. */
export interface ServedApp {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Everything the process printed so far. */
  output(): string;
  /** Stops the process (and its children) and waits for it to exit. */
  stop(): Promise<void>;
}

/** A free port on 127.0.0.1, as the OS hands them out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `binary args…` in `cwd` and waits until `url` answers (any status), up to 30 s. Throws an
 * error naming the binary and how to install it when it is missing, and the process's output when
 * it exits or never answers.
 */
export async function serveWith(options: {
  binary: string;
  args: string[];
  cwd: string;
  url: string;
  env?: Record<string, string>;
  install: string;
}): Promise<ServedApp> {
  const { binary, url } = options;
  if (!existsSync(binary)) {
    throw new Error(`FLAGON_RUNTIMES=1 but ${binary} does not exist: ${options.install}`);
  }
  let output = '';
  // Its own process group, so that stop() also ends what a launcher script started.
  const child: ChildProcess = spawn(binary, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await exited;
  };
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (gone) throw new Error(`${binary} ${options.args.join(' ')} exited before serving:\n${output}`);
    try {
      await (await fetch(url)).arrayBuffer();
      return { url, output: () => output, stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await stop();
  throw new Error(`${binary} ${options.args.join(' ')} did not answer at ${url} within 30 s:\n${output}`);
}
