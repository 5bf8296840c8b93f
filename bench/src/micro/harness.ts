// A small micro-benchmark loop: rounds of a fixed time budget, ops/s per round, median and spread.

export interface MicroResult {
  group: string;
  name: string;
  /** Median ops/s over the rounds, and the slowest and fastest round. */
  median: number;
  min: number;
  max: number;
  rounds: number[];
  note?: string;
}

export interface MicroOptions {
  rounds: number;
  /** Time budget of one round, ms. */
  ms: number;
}

/** Reads `--rounds N --ms M` (defaults 4 × 400 ms; `--quick` 3 × 150 ms). */
export function microOptions(argv = process.argv.slice(2)): MicroOptions {
  const quick = argv.includes('--quick');
  const get = (flag: string, fallback: number) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  return { rounds: get('--rounds', quick ? 3 : 4), ms: get('--ms', quick ? 150 : 400) };
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Runs `fn` (sync or async) in rounds; `batch` calls per clock read. */
export async function measure(
  group: string,
  name: string,
  fn: () => unknown,
  options: MicroOptions,
  note?: string,
): Promise<MicroResult> {
  // Warm-up: one round's budget, so that the JIT has settled before timing.
  await loop(fn, options.ms);
  const rounds: number[] = [];
  for (let r = 0; r < options.rounds; r++) rounds.push(await loop(fn, options.ms));
  return {
    group,
    name,
    median: median(rounds),
    min: Math.min(...rounds),
    max: Math.max(...rounds),
    rounds,
    note,
  };
}

async function loop(fn: () => unknown, ms: number): Promise<number> {
  let ops = 0;
  let batch = 1;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < batch; i++) {
      const value = fn();
      if (value instanceof Promise) await value;
    }
    ops += batch;
    now = performance.now();
    if (now - start < ms / 20) batch *= 2;
  }
  return (ops * 1000) / (now - start);
}

/** Prints results as one JSON line for the orchestrator (and a table for people). */
export function emit(results: MicroResult[]): void {
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(results)}\n`);
    return;
  }
  for (const r of results) {
    console.log(
      `${r.group.padEnd(10)} ${r.name.padEnd(44)} ${Math.round(r.median).toLocaleString('en-US').padStart(12)} ops/s  (${Math.round(r.min).toLocaleString('en-US')}–${Math.round(r.max).toLocaleString('en-US')})`,
    );
  }
}
