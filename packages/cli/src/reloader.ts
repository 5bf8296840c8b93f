import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { relative } from 'node:path';
import type { Io } from './io.ts';
import { watchTree } from './watch-tree.ts';

/** Options of {@link superviseServer}. */
export interface SuperviseOptions {
  /** The command line of the child (after `node`), e.g. `[bin, 'run', '--no-reload', …]`. */
  childArgs: (port: number) => string[];
  /** The port asked for; 0 picks a free one once, kept across restarts. */
  port: number;
  host: string;
  /** Folders to watch. */
  roots: readonly string[];
  io: Io;
  /** Quiet time after the last change before restarting, in ms. Default 100. */
  debounce?: number;
}

/** A free TCP port on `host`. */
export function freePort(host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Runs the server in a child process and restarts it when a watched file changes (debounced),
 * like Flask's reloader. SIGTERM or SIGINT stops the child, then the supervisor exits 0.
 */
export async function superviseServer(options: SuperviseOptions): Promise<void> {
  const { io } = options;
  const port = options.port === 0 ? await freePort(options.host) : options.port;
  let child: ChildProcess | undefined;
  let restarting = false;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let changed = '';

  const start = (): void => {
    const current = spawn(process.execPath, [...process.execArgv, ...options.childArgs(port)], {
      stdio: 'inherit',
      env: { ...process.env, FLAGON_RUN_CHILD: '1' },
    });
    child = current;
    current.on('exit', (code, signal) => {
      if (child === current) child = undefined;
      if (stopping) process.exit(0);
      if (restarting) {
        restarting = false;
        start();
      } else if (code !== 0) {
        io.err(
          ` * The app stopped (${signal ?? `exit code ${code}`}); fix the error and save a file to restart.`,
        );
      }
    });
  };

  const restart = (): void => {
    io.err(` * Detected change in '${changed}', reloading`);
    const current = child;
    if (!current) {
      start();
      return;
    }
    restarting = true;
    current.kill('SIGTERM');
    setTimeout(() => {
      if (current.exitCode === null) current.kill('SIGKILL');
    }, 5000).unref();
  };

  const watchers = options.roots.map((root) =>
    watchTree(root, (file) => {
      changed = relative(process.cwd(), file) || file;
      clearTimeout(timer);
      timer = setTimeout(restart, options.debounce ?? 100);
    }),
  );

  const stop = (): void => {
    stopping = true;
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
    if (child) child.kill('SIGTERM');
    else process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  io.err(' * Restarting with watcher');
  start();
}
