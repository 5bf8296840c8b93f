import { discoverApp } from '../discover.ts';
import { parseCommandArgs } from '../internal/parse.ts';
import type { BuiltinCommand } from '../io.ts';
import { formatRoutes, ROUTE_SORTS } from './routes.ts';

export const routesCommand: BuiltinCommand = {
  name: 'routes',
  summary: 'Show the routes of the app.',
  help: `Usage: flagon routes [--sort ${ROUTE_SORTS.join('|')}] [--all-methods]

Show every route: its endpoint, methods and rule, sorted by endpoint.

Options:
  -s, --sort KEY     endpoint (default), methods, rule, or match (registration order)
  --all-methods      show HEAD and OPTIONS too`,
  async run({ argv, globals, io, cwd, env }) {
    const { values } = parseCommandArgs('routes', argv, {
      sort: { type: 'string', short: 's', default: 'endpoint' },
      'all-methods': { type: 'boolean', default: false },
    });
    formatRoutes([], { sort: values.sort }); // an unknown --sort fails before the app is loaded
    const { app } = await discoverApp({ app: globals.app, cwd, env });
    io.out(formatRoutes(app.routes(), { sort: values.sort, allMethods: values['all-methods'] }));
    return 0;
  },
};
