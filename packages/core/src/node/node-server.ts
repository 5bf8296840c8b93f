import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerOptions,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
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
  /**
   * Stops accepting, closes idle keep-alive connections, answers in-flight requests with
   * `Connection: close` (waiting up to `shutdownTimeout`, then cutting them), runs shutdown hooks.
   */
  close(): Promise<void>;
}

/**
 * Serves an app on Node with graceful shutdown: on SIGTERM or SIGINT it stops accepting, closes
 * idle keep-alive connections, finishes in-flight requests with `Connection: close` (so no client
 * sends another request on them), runs the app's shutdown hooks and exits 0. Refuses to start in
 * production with a weak SECRET_KEY (see `weakSecretKeyReason`). In debug mode it logs one line per request.
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
  const debug = app.debug;
  const fetch = !debug
    ? app.fetch
    : async (request: Request, env: unknown): Promise<Response> => {
        const started = performance.now();
        const response = await app.fetch(request, env);
        const path = request.url.slice(request.url.indexOf('/', 8));
        app.logger.info(
          `${request.method} ${path} ${response.status} ${(performance.now() - started).toFixed(1)}ms`,
        );
        return response;
      };
  const inFlight = new InFlight();
  const server = await new Promise<ReturnType<typeof serve>>((resolvePromise, reject) => {
    const s = serve({ fetch, port, hostname: host, createServer: guardedServer(app, inFlight) }, () =>
      resolvePromise(s),
    );
    s.once('error', reject);
  });
  const httpServer = server as Server;
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const stopped = new Promise<void>((r) => server.close(() => r()));
      const drained = inFlight.close();
      await Promise.race([
        drained,
        new Promise<void>((r) => setTimeout(r, options.shutdownTimeout ?? 10_000).unref()),
      ]);
      httpServer.closeAllConnections();
      await stopped;
      await app.shutdown();
    })();
    return closing;
  };
  if (options.handleSignals ?? true) {
    const onSignal = (signal: string) => {
      app.logger.info(`${signal} received: finishing ${inFlight.size} request(s), then stopping.`);
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

type RequestListener = (req: IncomingMessage, res: ServerResponse) => unknown;

/** The response a socket is serving now (the latest request's, when requests are pipelined). */
const SERVING = Symbol('flagon.serving');

interface ServingSocket extends Socket {
  [SERVING]?: ServerResponse;
}

/**
 * The responses still being written. A request is in flight until its response has been written
 * out, not just produced. Once closing, every response that has not started says
 * `Connection: close`, and a keep-alive socket is closed as soon as it falls idle, so no new
 * request is served.
 *
 * Nothing is watched per request while the server runs: each socket remembers the response it
 * serves, and `close()` looks through the open sockets for responses not yet written out, then
 * watches those until they close. A response's `close` is the one sure end: the listener's promise
 * never settles for a streamed body the client stopped reading.
 */
class InFlight {
  #closeIdleNow: (() => void) | undefined;
  readonly #sockets = new Set<ServingSocket>();
  readonly #open = new Set<ServerResponse>();
  #closing = false;
  #drained: (() => void) | undefined;

  /** The responses not yet written out. */
  get size(): number {
    if (this.#closing) return this.#open.size;
    let count = 0;
    for (const socket of this.#sockets) if (unfinished(socket[SERVING])) count++;
    return count;
  }

  /**
   * Watches a server's sockets. Its `closeIdleConnections` (which `server.close()` calls too) is
   * guarded: Node counts a socket as idle once its response has ended, even while the body is
   * still being flushed to a slow client, and would cut that body off.
   */
  attach(server: Server): void {
    server.on('connection', (socket: ServingSocket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
    this.#closeIdleNow = server.closeIdleConnections.bind(server);
    server.closeIdleConnections = () => {
      this.#watchServing();
      this.#closeIdle();
    };
  }

  /** Before the app sees the request. */
  starting(req: IncomingMessage, res: ServerResponse): void {
    (req.socket as ServingSocket)[SERVING] = res;
    if (this.#closing) res.shouldKeepAlive = false;
  }

  /** After the app's listener returned: once closing, every new response is watched. */
  started(res: ServerResponse): void {
    if (this.#closing) this.#watch(res);
  }

  /** Watches every response the open sockets are still writing. */
  #watchServing(): void {
    for (const socket of this.#sockets) {
      const res = socket[SERVING];
      if (res) this.#watch(res);
    }
  }

  #watch(res: ServerResponse): void {
    if (!unfinished(res) || this.#open.has(res)) return;
    this.#open.add(res);
    res.once('close', () => {
      this.#open.delete(res);
      setImmediate(() => this.#closeIdle());
      if (this.#open.size === 0) this.#drained?.();
    });
  }

  /**
   * Closes the keep-alive sockets that wait for a request, unless a response is still being
   * flushed; that response's `close` calls this again.
   */
  #closeIdle(): void {
    for (const res of this.#open) if (res.writableEnded) return;
    this.#closeIdleNow?.();
  }

  /** Starts closing; resolves once every response not yet written out has been. */
  close(): Promise<void> {
    this.#closing = true;
    this.#watchServing();
    for (const res of this.#open) if (!res.headersSent) res.shouldKeepAlive = false;
    this.#closeIdle();
    if (this.#open.size === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.#drained = resolve;
    });
  }
}

/** True for a response still being produced or flushed; false once written out or cut off. */
function unfinished(res: ServerResponse | undefined): res is ServerResponse {
  return res !== undefined && !res.writableFinished && !res.closed;
}

/**
 * The last net under the app: a response the Node server cannot write (a header value with CR,
 * LF, NUL or a character above U+00FF in a Response the view built itself) is logged with the
 * request and answered 500, and the process keeps serving. Without it the write error is an
 * unhandled rejection that ends the process.
 */
function guardedServer(app: Flagon, inFlight: InFlight): typeof createServer {
  const make = (options: ServerOptions, listener: RequestListener): Server => {
    const server = createServer(options, (req, res) => {
      inFlight.starting(req, res);
      const handled = listener(req, res);
      inFlight.started(res);
      if (handled instanceof Promise) {
        handled.catch((error: unknown) => {
          app.logger.error(`Response to ${req.method} ${req.url} could not be written:`, error);
          if (!res.headersSent) {
            res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
            res.end('Internal Server Error');
          } else res.destroy();
        });
      }
    });
    inFlight.attach(server);
    return server;
  };
  return make as typeof createServer;
}
