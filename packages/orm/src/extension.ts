import type { Database } from './database.js';
import { makeDatabase, openTransaction } from './database.js';
import type { Context } from './internal/context.js';
import type { Tables } from './schema/table.js';
import type { NPlusOneOptions, QueryRecord, Scope } from './tracking.js';

/** Options for {@link ormExtension} (`db.extension()`). */
export interface OrmExtensionOptions {
  /** The name of the request-scoped service: `c.db`. Default `'db'`. */
  readonly service?: string;
  /**
   * Run each request that uses `c.db` in one transaction. Default false. It begins on the
   * request's first query, commits in the finalize phase (before the response and its
   * `Set-Cookie` leave: a refused COMMIT is a 500 from the error handlers), rolls back when the
   * request raised an error (handled or not, `abort(404)` included) or answers 5xx, and is rolled
   * back and released at teardown if still open. On SQLite an open transaction holds the one
   * connection, so requests that write wait for each other.
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
 * The slice of a Flagon app the extension uses: `app.provide`, the finalize and teardown hooks
 * and `onShutdown` (`@flagon/core`'s `Flagon` has them).
 */
export interface OrmApp {
  /** Debug mode: every request's queries are logged with their callers and a summary. */
  readonly debug?: boolean;
  /** The app's config; `TESTING` turns per-request N+1 detection on. */
  readonly config?: { readonly TESTING?: unknown };
  readonly logger?: { info(...args: unknown[]): void; warn(...args: unknown[]): void };
  provide(name: string, factory: (c: object) => unknown): void;
  finalizeRequest(hook: (c: object, response: Response, error: unknown) => unknown): void;
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
  readonly scope: Scope | undefined;
  readonly debug: boolean;
  readonly transaction: { commit(): Promise<void>; rollback(): Promise<void> } | undefined;
}

/**
 * Plugs a database into a Flagon app: `c.db` in views (bound to the request's unit of work
 * for N+1 detection, and to its transaction with `requestTransaction`), the commit in the
 * finalize phase, rollback and release at teardown, and `db.close()` on shutdown. Nothing runs
 * for a request that never reads `c.db`.
 *
 * @example
 * ```ts
 * app.use(db.extension({ requestTransaction: true }));
 * app.get('/posts/<int:id>', function post(c) {
 *   return c.db.posts.getOr404(c.params.id);
 * });
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
      // c.db is made on its first use in a request; the hooks return no promise for a request
      // that made none, so it costs nothing to wait for.
      app.provide(service, (c: object) => {
        // Read per request: `flagon run --debug` may turn debug on after the extension is set up.
        const debug = app.debug === true;
        const detect =
          options.nPlusOne !== false &&
          (options.nPlusOne !== undefined ||
            root.root.observer.configured ||
            debug ||
            app.config?.TESTING === true);
        if (!detect && !debug && !options.requestTransaction) return database; // c.db is the database itself
        const scope =
          detect || debug
            ? root.root.observer.openScope(detect ? options.nPlusOne || {} : { mode: 'off' }, debug)
            : undefined;
        if (!options.requestTransaction) {
          states.set(c, { scope, debug, transaction: undefined });
          return makeDatabase<Tables, unknown>({ ...root, scope });
        }
        const { db, commit, rollback } = openTransaction<Tables, unknown>({ ...root, scope });
        states.set(c, { scope, debug, transaction: { commit, rollback } });
        return db;
      });
      if (options.requestTransaction) {
        app.finalizeRequest((c: object, response: Response, error: unknown) => {
          const transaction = states.get(c)?.transaction;
          if (!transaction) return undefined;
          return (error !== undefined && error !== null) || response.status >= 500
            ? transaction.rollback()
            : transaction.commit();
        });
      }
      app.teardownRequest((c: object) => {
        const state = states.get(c);
        if (!state) return undefined;
        states.delete(c);
        const finish = () => {
          if (!state.scope) return;
          root.root.observer.closeScope(state.scope);
          if (state.debug) logQueries(logger, c, state.scope.queries);
        };
        if (!state.transaction) {
          finish();
          return undefined;
        }
        // The safety net: whatever finalize did not end (an after-request hook failed) is rolled back.
        return state.transaction.rollback().finally(finish);
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
