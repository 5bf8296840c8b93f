import cluster, { type Worker } from 'node:cluster';
import type { Io } from './io.ts';

/** Options of {@link superviseWorkers}. */
export interface WorkerPoolOptions {
  /** How many workers to keep running. */
  workers: number;
  /** Environment variables added for every worker. */
  env: Record<string, string>;
  /** How long workers may take to finish in-flight requests on shutdown, in ms. */
  shutdownTimeout: number;
  io: Io;
  /** Called once, when all the first workers listen. */
  onServing: (pids: number[]) => void;
}

/** The first restart waits this long; each quick crash doubles it, up to {@link MAX_BACKOFF}. */
const FIRST_BACKOFF = 100;
const MAX_BACKOFF = 10_000;
/** A worker that lived this long resets the backoff. */
const HEALTHY_AFTER = 10_000;

/**
 * The primary of `flagon serve`: forks the workers (each runs this same command and serves the
 * shared port), restarts a worker that dies with an exponential backoff, and on SIGTERM or SIGINT
 * passes SIGTERM to every worker, waits for them to finish, and exits 0. A worker that fails
 * before the pool first served stops the whole pool with exit code 1 (its error is printed by it).
 */
export function superviseWorkers(options: WorkerPoolOptions): void {
  const { io } = options;
  const listening = new Set<number>();
  const started = new Map<number, number>();
  const timers = new Set<NodeJS.Timeout>();
  let serving = false;
  let stopping = false;
  let quickCrashes = 0;

  const fork = (): void => {
    const worker = cluster.fork(options.env);
    started.set(worker.id, Date.now());
  };

  cluster.on('listening', (worker: Worker) => {
    listening.add(worker.id);
    if (!serving && listening.size === options.workers) {
      serving = true;
      options.onServing(Object.values(cluster.workers ?? {}).map((w) => w?.process.pid as number));
    } else if (serving) {
      io.err(` * Worker ${worker.process.pid} is serving`);
    }
  });

  cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
    const wasListening = listening.delete(worker.id);
    const lived = Date.now() - (started.get(worker.id) ?? Date.now());
    started.delete(worker.id);
    const reason = signal ? `signal ${signal}` : `exit code ${code}`;
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (!serving && !wasListening) {
      io.err(
        ` * Worker ${worker.process.pid} stopped (${reason}) before serving; stopping the other workers.`,
      );
      stop(1);
      return;
    }
    if (lived >= HEALTHY_AFTER) quickCrashes = 0;
    const delay = Math.min(FIRST_BACKOFF * 2 ** quickCrashes, MAX_BACKOFF);
    quickCrashes += 1;
    io.err(` * Worker ${worker.process.pid} died (${reason}); starting a new one in ${delay} ms`);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopping) fork();
    }, delay);
    timers.add(timer);
  });

  const stop = (exitCode: number): void => {
    if (stopping) return;
    stopping = true;
    for (const timer of timers) clearTimeout(timer);
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (workers.length === 0) process.exit(exitCode);
    for (const worker of workers) worker.process.kill('SIGTERM');
    // Workers exit on their own within the shutdown timeout; this is only for a stuck one.
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(1);
    }, options.shutdownTimeout + 5000).unref();
    if (exitCode !== 0) {
      cluster.on('exit', () => {
        if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      });
    }
  };
  const onSignal = (signal: string) => {
    io.err(` * ${signal} received: finishing in-flight requests, then stopping ${listening.size} worker(s)`);
    stop(0);
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  for (let i = 0; i < options.workers; i++) fork();
}
