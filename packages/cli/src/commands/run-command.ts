import { dirname, relative, resolve } from 'node:path';
import { discoverApp, parseAppSpec } from '../discover.ts';
import { parseCommandArgs, parseHostPort, truthy } from '../internal/parse.ts';
import type { BuiltinCommand } from '../io.ts';
import { superviseServer } from '../reloader.ts';

export const runCommand: BuiltinCommand = {
  name: 'run',
  summary: 'Serve the app (with --debug: debug mode and restart on changes).',
  help: `Usage: flagon run [--host HOST] [--port PORT] [--debug] [--reload|--no-reload]

Serve the app on Node until SIGTERM or Ctrl+C, then finish in-flight requests and exit 0.

Options:
  --host HOST     interface to listen on (default: HOST or 127.0.0.1)
  -p, --port N    port to listen on; 0 picks a free one (default: PORT or 5000)
  --debug         debug mode: DEBUG=true, debug error pages, a log line per request,
                  and restart when a source, template or config file changes.
                  FLAGON_DEBUG=1 does the same.
  --reload        restart on changes (default: on in debug mode)
  --no-reload     do not restart on changes

Debug mode reaches the app as createApp({ DEBUG: true }) for a factory, or
app.config.DEBUG = true for an exported app, before the first request.`,
  async run({ argv, globals, io, env, cwd }) {
    const { values } = parseCommandArgs('run', argv, {
      host: { type: 'string' },
      port: { type: 'string', short: 'p' },
      debug: { type: 'boolean' },
      reload: { type: 'boolean' },
    });
    const debug = values.debug ?? truthy(env.FLAGON_DEBUG);
    const { host, port } = parseHostPort('run', values, env);
    const reload = values.reload ?? debug;
    if (reload && env.FLAGON_RUN_CHILD !== '1') {
      const roots = [cwd];
      if (globals.app) {
        const target = resolve(cwd, parseAppSpec(globals.app).path);
        const folder = relative(cwd, target).startsWith('..') ? dirname(target) : undefined;
        if (folder) roots.push(folder);
      }
      await superviseServer({
        port,
        host,
        roots,
        io,
        childArgs: (chosen) => [
          process.argv[1] as string,
          ...(globals.app ? ['--app', globals.app] : []),
          ...(globals.verbose ? ['--verbose'] : []),
          'run',
          '--no-reload',
          '--host',
          host,
          '--port',
          String(chosen),
          debug ? '--debug' : '--no-debug',
        ],
      });
      return 'serving';
    }
    const loaded = await discoverApp({
      app: globals.app,
      cwd,
      env,
      overrides: debug ? { DEBUG: true } : undefined,
    });
    const { listen } = await import('@flagon/core/node');
    const server = await listen(loaded.app, { host, port });
    io.err(
      ` * Serving Flagon app '${loaded.app.name}' (${relative(cwd, loaded.file)}, ${loaded.exportName})`,
    );
    io.err(` * Debug mode: ${loaded.app.debug ? 'on' : 'off'}`);
    io.out(` * Running on ${server.url} (Press CTRL+C to quit)`);
    return 'serving';
  },
};
