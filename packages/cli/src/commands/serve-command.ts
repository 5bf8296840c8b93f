import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { CliError } from '../cli-error.ts';
import { superviseWorkers } from '../cluster.ts';
import { discoverApp } from '../discover.ts';
import { parseCommandArgs, parseHostPort } from '../internal/parse.ts';
import type { BuiltinCommand } from '../io.ts';
import { freePort } from '../reloader.ts';

/** The most workers `--workers` accepts. */
const MAX_WORKERS = 1024;

export const serveCommand: BuiltinCommand = {
  name: 'serve',
  summary: 'Serve the app in production: several worker processes, restarts, graceful shutdown.',
  help: `Usage: flagon serve [--workers N] [--host HOST] [--port PORT] [--shutdown-timeout SECONDS]

The production server: N worker processes (node:cluster) share one port. A worker that
crashes is restarted, with a growing delay while crashes repeat, and logged. On SIGTERM or
Ctrl+C each worker stops accepting, closes idle keep-alive connections, answers its in-flight
requests with "Connection: close", runs the app's shutdown hooks; then flagon exits 0.

Runs in the production mode (FLAGON_ENV=production) unless FLAGON_ENV or NODE_ENV is set.
Refuses to start with debug off and a weak SECRET_KEY (missing, under 32 bytes, or a
placeholder). For development use "flagon run".

Options:
  -w, --workers N           worker processes (default: the available parallelism, ${availableParallelism()} here)
  --host HOST               interface to listen on (default: HOST or 127.0.0.1)
  -p, --port N              port to listen on; 0 picks a free one (default: PORT or 5000)
  --shutdown-timeout SECONDS  how long in-flight requests may take to finish (default 10)`,
  async run({ argv, globals, io, env, cwd }) {
    const { values } = parseCommandArgs('serve', argv, {
      workers: { type: 'string', short: 'w' },
      host: { type: 'string' },
      port: { type: 'string', short: 'p' },
      'shutdown-timeout': { type: 'string' },
    });
    const { host, port } = parseHostPort('serve', values, env);
    const workersText = values.workers ?? String(availableParallelism());
    const workers = Number(workersText);
    if (!/^\d+$/.test(workersText) || workers < 1 || workers > MAX_WORKERS) {
      throw new CliError(
        'usage',
        `flagon serve: --workers must be a whole number from 1 to ${MAX_WORKERS}, not "${workersText}".`,
      );
    }
    const timeoutText = values['shutdown-timeout'] ?? '10';
    const shutdownTimeout = Number(timeoutText) * 1000;
    if (!/^\d+(\.\d+)?$/.test(timeoutText) || shutdownTimeout <= 0) {
      throw new CliError(
        'usage',
        `flagon serve: --shutdown-timeout must be a positive number of seconds, not "${timeoutText}".`,
      );
    }

    // Production unless told otherwise: config files that depend on the mode (DEBUG: mode !==
    // 'production') see it, in this process and in the workers, which inherit the environment.
    if (!env.FLAGON_ENV && !env.NODE_ENV && !process.env.FLAGON_ENV) process.env.FLAGON_ENV = 'production';

    if (cluster.isWorker) {
      const loaded = await discoverApp({ app: globals.app, cwd, env });
      const { listen } = await import('@flagon/core/node');
      await listen(loaded.app, { host, port: Number(env.FLAGON_SERVE_PORT ?? port), shutdownTimeout });
      return 'serving';
    }

    // Load the app once here, so that a missing app, an import error or a weak SECRET_KEY is
    // one clear error before any worker starts (and a schema the app creates exists before they race).
    const loaded = await discoverApp({ app: globals.app, cwd, env });
    loaded.app.checkProductionReady();
    await loaded.app.shutdown();
    const chosen = port === 0 ? await freePort(host) : port;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${chosen}`;
    io.err(
      ` * Serving Flagon app '${loaded.app.name}' (${relative(cwd, loaded.file)}, ${loaded.exportName}) with ${workers} worker${workers === 1 ? '' : 's'}`,
    );
    io.err(` * Debug mode: ${loaded.app.debug ? 'on (do not use it in production)' : 'off'}`);
    superviseWorkers({
      workers,
      env: { FLAGON_SERVE_PORT: String(chosen) },
      shutdownTimeout,
      io,
      onServing: (pids) => {
        io.err(` * Workers: ${pids.join(', ')}`);
        io.out(` * Running on ${url} (Press CTRL+C to quit)`);
      },
    });
    return 'serving';
  },
};
