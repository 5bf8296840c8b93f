// What every server reads from its environment.

/** The port to listen on (PORT). */
export const PORT = Number(process.env.PORT ?? 3000);
/** The SQLite fixture (DB_PATH), made by fixtures.ts. */
export const DB_PATH = process.env.DB_PATH ?? '';
/** Loopback only. */
export const HOST = '127.0.0.1';
/** The secret the Flagon apps sign sessions with. */
export const SECRET_KEY = process.env.SECRET_KEY ?? 'bench-secret-key-0123456789abcdef0123456789abcdef';

/** Parses a positive integer id, or returns null. */
export function intId(raw: string | undefined): number | null {
  if (raw === undefined || !/^[0-9]+$/.test(raw)) return null;
  return Number(raw);
}

// Exit cleanly on SIGTERM so that `node --cpu-prof` writes its profile (Flagon's listen() does too).
process.once('SIGTERM', () => process.exit(0));

// With BENCH_PROFILE=<file>: the first SIGUSR2 starts V8's sampling CPU profiler (the one behind
// `node --cpu-prof`), the second stops it and writes the .cpuprofile — so that startup and
// warm-up stay out of the profile.
const profileFile = process.env.BENCH_PROFILE;
if (profileFile) {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', {
    interval: Number(process.env.BENCH_PROFILE_INTERVAL ?? 1000),
  });
  let running = false;
  process.on('SIGUSR2', async () => {
    if (!running) {
      running = true;
      await session.post('Profiler.start');
      return;
    }
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(profileFile, JSON.stringify(profile));
  });
}

// With BENCH_HEAP_FILE=<file> (and `node --expose-gc`): every BENCH_HEAP_EVERY_MS ms (default
// 5000) a full garbage collection, then the heap still in use is appended to the file as
// `<epoch ms> <bytes>` — what the soak judges leaks on, where RSS also counts garbage not yet
// collected and memory V8 keeps for later.
const heapFile = process.env.BENCH_HEAP_FILE;
if (heapFile) {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('BENCH_HEAP_FILE needs node --expose-gc.');
  const { appendFileSync } = await import('node:fs');
  const { getHeapStatistics } = await import('node:v8');
  setInterval(
    () => {
      collect();
      appendFileSync(heapFile, `${Date.now()} ${getHeapStatistics().used_heap_size}\n`);
    },
    Number(process.env.BENCH_HEAP_EVERY_MS ?? 5000),
  ).unref();
}
