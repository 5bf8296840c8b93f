import type { Database } from './database.js';
import { makeDatabase } from './database.js';
import type { Context } from './internal/context.js';
import type { Tables } from './schema/table.js';
import type { NPlusOneOptions, QueryRecord, Scope } from './tracking.js';

/** Options for {@link ormExtension} (`db.extension()`). */
export interface OrmExtensionOptions {
  /** The name of the request-scoped service: `c.db`. Default `'db'`. */
  readonly service?: string;
  /**
   * Run each request in a transaction, committed when the request ends without an error and
   * rolled back otherwise. Default false. On SQLite this serializes requests.
   */
  readonly requestTransaction?: boolean;
  /**
   * N+1 detection per request, or `false` to turn it off. Default: on in debug and testing
   * mode (`DEBUG` or `TESTING`), or everywhere when the database or this option sets `nPlusOne`;
   * off otherwise, since a unit of work per request keeps `find()` off its direct statement path.
   */
  readonly nPlusOne?: NPlusOneOptions | false;
  /** Close the database when the app shuts down. Default true. */
  readonly closeOnShutdown?: boolean;
}

/**
 * The slice of a Flagon app the extension uses: `app.provide`, hooks and `onShutdown`
 * (`@flagon/core`'s `Flagon` has them).
 */
export interface OrmApp {
  /** Debug mode: every request's queries are logged with their callers and a summary. */
  readonly debug?: boolean;
  /** The app's config; `TESTING` turns per-request N+1 detection on. */
  readonly config?: { readonly TESTING?: unknown };
  readonly logger?: { info(...args: unknown[]): void; warn(...args: unknown[]): void };
  provide(name: string, factory: (c: object) => unknown): void;
  beforeRequest(hook: (c: object) => unknown): void;
  teardownRequest(hook: (c: object, error: unknown) => unknown): void;
  onShutdown(fn: () => unknown): void;
}

/** An extension for `app.use()`; `db` is the database it serves (tools such as the CLI find it there). */
export interface OrmExtension<TS extends Tables = Tables, R = unknown> {
  readonly name: 'orm';
  readonly db: Database<TS, R>;
  setup(app: OrmApp): void;
}

interface RequestState {
  readonly db: object;
  readonly scope: Scope | undefined;
  readonly debug: boolean;
  readonly commit?: () => Promise<void>;
  readonly rollback?: () => Promise<void>;
}

/**
 * Plugs a database into a Flagon app: `c.db` in views (bound to the request's unit of work
 * for N+1 detection, and to its transaction with `requestTransaction`), commit or rollback at
 * teardown, and `db.close()` on shutdown.
 *
 * @example
 * ```ts
 * app.use(db.extension({ requestTransaction: true }));
 * app.get('/posts/<int:id>', async (c) => c.db.posts.getOr404(c.params.id));
 * ```
 */
export function ormExtension<TS extends Tables, R>(
  database: Database<TS, R>,
  options: OrmExtensionOptions = {},
): OrmExtension<TS, R> {
  const service = options.service ?? 'db';
  const states = new WeakMap<object, RequestState>();
  const root = (database as unknown as { ctx: Context }).ctx;
  return {
    name: 'orm',
    db: database,
    setup(app) {
      const logger = app.logger ?? console;
      // Both hooks stay synchronous unless a request transaction needs the database: a hook that
      // returns no promise costs the request nothing to wait for.
      app.beforeRequest((c: object) => {
        // Read per request: `flagon run --debug` may turn debug on after the extension is set up.
        const debug = app.debug === true;
        const detect =
          options.nPlusOne !== false &&
          (options.nPlusOne !== undefined ||
            root.root.observer.configured ||
            debug ||
            app.config?.TESTING === true);
        if (!detect && !debug && !options.requestTransaction) return undefined; // c.db is the database itself
        const scope =
          detect || debug
            ? root.root.observer.openScope(detect ? options.nPlusOne || {} : { mode: 'off' }, debug)
            : undefined;
        const scoped = makeDatabase<Tables, unknown>({ ...root, scope });
        if (!options.requestTransaction) {
          states.set(c, { db: scoped, scope, debug });
          return undefined;
        }
        return scoped.begin().then(({ db, commit, rollback }) => {
          states.set(c, { db, scope, debug, commit, rollback });
          return undefined;
        });
      });
      app.provide(service, (c: object) => states.get(c)?.db ?? database);
      app.teardownRequest((c: object, error: unknown) => {
        const state = states.get(c);
        if (!state) return undefined;
        states.delete(c);
        const finish = () => {
          if (!state.scope) return;
          root.root.observer.closeScope(state.scope);
          if (state.debug) logQueries(logger, c, state.scope.queries);
        };
        const end = error === undefined || error === null ? state.commit : state.rollback;
        if (!end) {
          finish();
          return undefined;
        }
        return end().finally(finish);
      });
      if (options.closeOnShutdown ?? true) app.onShutdown(() => database.close());
    },
  };
}

/** Debug log: `GET /posts: 2 queries, 0.4 ms`, then one line per query with its caller. */
function logQueries(
  logger: { info(...args: unknown[]): void },
  c: object,
  queries: readonly QueryRecord[],
): void {
  const req = (c as { req?: { method?: string; path?: string } }).req;
  const total = queries.reduce((sum, q) => sum + q.durationMs, 0);
  const head = `${req?.method ?? ''} ${req?.path ?? ''}`.trim();
  const lines = [
    `${head ? `${head}: ` : ''}${queries.length} ${queries.length === 1 ? 'query' : 'queries'}, ${total.toFixed(1)} ms`,
  ];
  for (const q of queries) {
    lines.push(
      `  ${q.durationMs.toFixed(2)} ms  ${q.sql}  ${JSON.stringify(q.parameters)}${q.caller ? `  ${q.caller}` : ''}`,
    );
  }
  logger.info(lines.join('\n'));
}
