import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Flagon } from '../app.js';

/** Options of {@link listen}. */
export interface ListenOptions {
  /** Default `process.env.HOST` or 127.0.0.1. */
  host?: string;
  /** Default `process.env.PORT` or 5000; 0 picks a free port. */
  port?: number;
  /** How long in-flight requests may take to finish on shutdown, in ms. Default 10 000. */
  shutdownTimeout?: number;
  /** Stop gracefully on SIGTERM and SIGINT, then exit the process. Default true. */
  handleSignals?: boolean;
}

/** A running server. */
export interface RunningServer {
  /** The URL it listens on, e.g. `http://127.0.0.1:5000`. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** The Node server. */
  readonly server: ReturnType<typeof serve>;
  /** Stops accepting, lets in-flight requests finish (up to the timeout), runs shutdown hooks. */
  close(): Promise<void>;
}

/**
 * Serves an app on Node with graceful shutdown: on SIGTERM or SIGINT it stops accepting,
 * finishes in-flight requests, runs the app's shutdown hooks and exits 0. Refuses to start in
 * production without a real SECRET_KEY. In debug mode it logs one line per request.
 *
 * @example
 * ```ts
 * import { listen } from '@flagon/core/node';
 * await listen(app, { port: 5000 });
 * ```
 */
export async function listen(app: Flagon, options: ListenOptions = {}): Promise<RunningServer> {
  app.checkProductionReady();
  const host = options.host ?? process.env.HOST ?? '127.0.0.1';
  const port = options.port ?? (process.env.PORT ? Number(process.env.PORT) : 5000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(
      `Cannot listen on port ${JSON.stringify(options.port ?? process.env.PORT)}: use 0–65535.`,
    );
  }
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const debug = app.debug;
  const fetch = !debug
    ? app.fetch
    : async (request: Request): Promise<Response> => {
        const started = performance.now();
        const response = await app.fetch(request);
        const path = request.url.slice(request.url.indexOf('/', 8));
        app.logger.info(
          `${request.method} ${path} ${response.status} ${(performance.now() - started).toFixed(1)}ms`,
        );
        return response;
      };
  const server = await new Promise<ReturnType<typeof serve>>((resolvePromise, reject) => {
    const s = serve({ fetch, port, hostname: host }, () => resolvePromise(s));
    s.once('error', reject);
  });
  // Count a request as in flight until its response has been written out, not just produced.
  server.on('request', (_req: unknown, res: { once(event: 'close', fn: () => void): void }) => {
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const stopped = new Promise<void>((r) => server.close(() => r()));
      if ('closeIdleConnections' in server) server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((r) => {
            drained = r;
          }),
          new Promise<void>((r) => setTimeout(r, options.shutdownTimeout ?? 10_000).unref()),
        ]);
      }
      if ('closeAllConnections' in server) server.closeAllConnections();
      await stopped;
      await app.shutdown();
    })();
    return closing;
  };
  if (options.handleSignals ?? true) {
    const onSignal = (signal: string) => {
      app.logger.info(`${signal} received: finishing ${inFlight} request(s), then stopping.`);
      close().then(
        () => process.exit(0),
        (error) => {
          app.logger.error('Error while shutting down:', error);
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  return { url, port: address.port, host, server, close };
}
