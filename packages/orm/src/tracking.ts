import { AsyncLocalStorage } from 'node:async_hooks';
import { fileURLToPath } from 'node:url';
import { DatabaseError } from './errors.js';

/** One query that reached the database. */
export interface QueryRecord {
  readonly sql: string;
  readonly parameters: readonly unknown[];
  readonly durationMs: number;
  /** Where the query was made from (`at view (src/views.ts:12:5)`), when the unit of work asks for callers. */
  readonly caller?: string | undefined;
}

/** What the N+1 detector does when a query shape repeats. */
export type NPlusOneMode = 'warn' | 'error' | 'off';

/** N+1 detection settings. Defaults: `{ threshold: 5, mode: 'warn' }`. */
export interface NPlusOneOptions {
  /** How many times one SELECT shape may run in a unit of work before it is reported. Default 5. */
  readonly threshold?: number;
  /** `warn` (default) reports through `onWarning`; `error` throws a `DatabaseError`; `off`. */
  readonly mode?: NPlusOneMode;
  /** Receives warnings; defaults to `console.warn`. */
  readonly onWarning?: (warning: NPlusOneWarning) => void;
}

/** A repeated query shape found by the N+1 detector. */
export interface NPlusOneWarning {
  /** The normalized SQL (IN-lists collapsed). */
  readonly sql: string;
  readonly count: number;
  /** The first stack frame outside the ORM and Kysely, e.g. `at view (src/views.ts:12:5)`. */
  readonly callSite: string | undefined;
  readonly message: string;
}

/** Internal: A unit of work: its queries and per-shape counts. */
export interface Scope {
  readonly parent: Scope | undefined;
  readonly queries: QueryRecord[];
  readonly counts: Map<string, number>;
  readonly threshold: number;
  readonly mode: NPlusOneMode;
  readonly onWarning: (warning: NPlusOneWarning) => void;
  /** Record each query's call site (debug mode: it costs a stack trace per query). */
  readonly captureCallers?: boolean;
}

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** The SQL with IN-lists and VALUES tuples collapsed, so batches of any size share a shape. */
export function queryShape(sql: string): string {
  return sql.replace(/\((?:\s*(?:\?|\$\d+)\s*,)*\s*(?:\?|\$\d+)\s*\)/g, '(…)');
}

function callSite(origin: Error): string | undefined {
  const stack = origin.stack?.split('\n').slice(1) ?? [];
  return stack
    .map((line) => line.trim())
    .find(
      (line) =>
        !line.includes(HERE) &&
        !line.includes('node_modules') &&
        !line.includes('node:') &&
        !line.includes('<anonymous>') &&
        /\(?[^()\s]+:\d+:\d+\)?$/.test(line),
    );
}

/** Records queries and detects N+1 patterns within `track()` scopes. */
export class QueryObserver {
  readonly #storage = new AsyncLocalStorage<Scope>();
  readonly #site = new AsyncLocalStorage<Error>();
  readonly #defaults: Required<NPlusOneOptions>;
  #active = 0;
  /** When true, every query is appended to {@link QueryObserver.log}. */
  recording: boolean;
  readonly log: QueryRecord[] = [];
  readonly maxLog = 10_000;

  /** True when the database was opened with explicit N+1 settings (detection asked for in every environment). */
  readonly configured: boolean;

  constructor(recording: boolean, nPlusOne: NPlusOneOptions = {}, configured = false) {
    this.recording = recording;
    this.configured = configured;
    this.#defaults = {
      threshold: nPlusOne.threshold ?? 5,
      mode: nPlusOne.mode ?? 'warn',
      onWarning: nPlusOne.onWarning ?? ((w) => console.warn(w.message)),
    };
  }

  /** True when anything needs to see queries (recording or a scope). */
  get watching(): boolean {
    return this.recording || this.#active > 0;
  }

  before(sql: string, explicit?: Scope): void {
    if (this.#active === 0) return;
    const scope = explicit ?? this.#storage.getStore();
    if (!scope || scope.mode === 'off' || !/^\s*select/i.test(sql)) return;
    const shape = queryShape(sql);
    const count = (scope.counts.get(shape) ?? 0) + 1;
    scope.counts.set(shape, count);
    if (count !== scope.threshold) return;
    const site = callSite(this.#site.getStore() ?? new Error());
    const message =
      `N+1 query detected: the same query ran ${count} times in one unit of work${site ? ` ${site}` : ''}: ${shape}` +
      ` — load the relation eagerly with .with(…) or batch it with where(col, 'in', ids)`;
    if (scope.mode === 'error') throw new DatabaseError('n_plus_one', message, { sql: shape });
    scope.onWarning({ sql: shape, count, callSite: site, message });
  }

  after(sql: string, parameters: readonly unknown[], durationMs: number, explicit?: Scope): void {
    if (!this.recording && this.#active === 0) return;
    const current = explicit ?? this.#storage.getStore();
    const caller = current?.captureCallers ? callSite(this.#site.getStore() ?? new Error()) : undefined;
    const record: QueryRecord = { sql, parameters: [...parameters], durationMs, caller };
    if (this.recording) {
      this.log.push(record);
      if (this.log.length > this.maxLog) this.log.splice(0, this.log.length - this.maxLog);
    }
    for (let scope = explicit ?? this.#storage.getStore(); scope; scope = scope.parent)
      scope.queries.push(record);
  }

  /**
   * Runs `fn` remembering the caller's stack, so a query that runs later on a pooled
   * connection (where async stack traces break) still reports where it came from.
   */
  withCallSite<T>(fn: () => T): T {
    if (this.#active === 0) return fn();
    return this.#site.run(new Error(), fn);
  }

  /** Opens a unit of work that is not bound to an async context (one per web request). */
  openScope(options: NPlusOneOptions = {}, captureCallers = false): Scope {
    this.#active++;
    return {
      parent: undefined,
      queries: [],
      counts: new Map(),
      threshold: options.threshold ?? this.#defaults.threshold,
      mode: options.mode ?? this.#defaults.mode,
      onWarning: options.onWarning ?? this.#defaults.onWarning,
      captureCallers,
    };
  }

  /** Closes a scope from {@link QueryObserver.openScope}. */
  closeScope(_scope: Scope): void {
    this.#active--;
  }

  /** Runs `fn` with `scope` as the current unit of work. */
  runIn<T>(scope: Scope, fn: () => T): T {
    return this.#storage.run(scope, fn);
  }

  /** Runs `fn` in a unit of work; returns its result and the queries it ran. */
  async run<T>(
    fn: () => Promise<T> | T,
    options: NPlusOneOptions = {},
  ): Promise<{ result: T; queries: QueryRecord[] }> {
    const parent = this.#storage.getStore();
    const scope: Scope = {
      parent,
      queries: [],
      counts: new Map(),
      threshold: options.threshold ?? parent?.threshold ?? this.#defaults.threshold,
      mode: options.mode ?? parent?.mode ?? this.#defaults.mode,
      onWarning: options.onWarning ?? parent?.onWarning ?? this.#defaults.onWarning,
    };
    this.#active++;
    try {
      const result = await this.#storage.run(scope, fn);
      return { result, queries: scope.queries };
    } finally {
      this.#active--;
    }
  }
}
