import { relative } from 'node:path';
import { start } from 'node:repl';
import { closeDatabase, findDatabase, findTables } from '../app-objects.ts';
import { discoverApp } from '../discover.ts';
import { parseCommandArgs } from '../internal/parse.ts';
import type { BuiltinCommand } from '../io.ts';

export const shellCommand: BuiltinCommand = {
  name: 'shell',
  summary: 'Open a REPL with the app, its config, db and tables loaded.',
  help: `Usage: flagon shell

Open Node's REPL with these names defined: app, config, db (when the app has one: a "db"
export, app.db, or an extension named "orm"), every table exported by the app's module or
a models.ts beside it, and the module's other exports. Top-level await works:

  flagon> await db.posts.all()`,
  async run({ argv, globals, io, cwd, env }) {
    parseCommandArgs('shell', argv, {});
    const loaded = await discoverApp({ app: globals.app, cwd, env });
    const { app } = loaded;
    const db = await findDatabase(loaded);
    const tables = await findTables(loaded);
    const names: Record<string, unknown> = { ...loaded.module, ...tables, app, config: app.config };
    if (db !== undefined) names.db = db;
    io.err(`Flagon shell: app '${app.name}' from ${relative(cwd, loaded.file)} (${loaded.exportName}).`);
    io.err(`Defined: ${Object.keys(names).sort().join(', ')}`);
    const repl = start({
      prompt: 'flagon> ',
      input: process.stdin,
      output: process.stdout,
      terminal: process.stdin.isTTY === true,
      useGlobal: false,
    });
    Object.assign(repl.context, names);
    repl.on('exit', () => {
      closeDatabase(db).then(
        () => process.exit(0),
        () => process.exit(0),
      );
    });
    return 'serving';
  },
};
