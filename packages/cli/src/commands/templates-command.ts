import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { CliError } from '../cli-error.ts';
import { discoverApp } from '../discover.ts';
import { parseCommandArgs } from '../internal/parse.ts';
import type { BuiltinCommand } from '../io.ts';

const HELP = `Usage: flagon templates build [--out FILE] [--keep-source]

Precompile every template of the app and its blueprints (app.templateFolders, in search
order) into one ES module, for runtimes without a file system:
app.use(templates({ precompiled: await import('./templates.gen.js') })).

Options:
  -o, --out FILE    the module to write (default: templates.gen.js beside the app's module);
                    a .d.ts is written beside a .js file
  --keep-source     keep each template's source in the module, for code frames in errors

The filters of the app's templates extension are passed along by name. Templates use the
default autoescape (.html, .htm, .xml, .svg).`;

export const templatesCommand: BuiltinCommand = {
  name: 'templates',
  summary: "Precompile the app's templates into one module: templates build.",
  help: HELP,
  async run({ argv, globals, io, cwd, env }) {
    const [sub, ...rest] = argv;
    if (sub !== 'build') {
      if (sub === undefined) {
        io.out(HELP);
        return 2;
      }
      throw new CliError('usage', `Unknown templates subcommand "${sub}": use build.`);
    }
    const { values } = parseCommandArgs('templates build', rest, {
      out: { type: 'string', short: 'o' },
      'keep-source': { type: 'boolean', default: false },
    });
    const loaded = await discoverApp({ app: globals.app, cwd, env });
    const folders = loaded.app.templateFolders.filter((folder) => existsSync(folder));
    if (folders.length === 0) {
      throw new CliError(
        'failed',
        `The app has no template folder: looked in ${loaded.app.templateFolders.map((f) => relative(cwd, f) || '.').join(', ') || '(none configured)'}.`,
      );
    }
    const extension = loaded.app.extensions.get('templates') as
      | { renderer?: { filters?: object } }
      | undefined;
    let filters: string[] = [];
    try {
      filters = Object.keys(extension?.renderer?.filters ?? {});
    } catch {
      // the extension has no renderer yet
    }
    const out = resolve(cwd, values.out ?? resolve(dirname(loaded.file), 'templates.gen.js'));
    const { buildTemplates } = await import('@flagon/templates/build');
    const { BUILTIN_FILTERS } = await import('@flagon/templates');
    // buildTemplates adds the built-in filters itself; naming one twice is a duplicate declaration.
    filters = filters.filter((name) => !(name in BUILTIN_FILTERS));
    const show = (path: string) => {
      const rel = relative(cwd, path);
      return rel.startsWith('..') || isAbsolute(rel) ? path : rel || '.';
    };
    io.out(`Compiling templates from ${folders.length} folder(s):`);
    for (const folder of folders) io.out(`  ${show(folder)}`);
    const result = await buildTemplates({ folders, out, filters, keepSource: values['keep-source'] });
    const shadowed = result.shadowed ? ` (${result.shadowed} shadowed by an earlier folder)` : '';
    io.out(
      `Wrote ${show(result.out)}: ${result.templates} template(s) from ${result.folders} folder(s)${shadowed}.`,
    );
    if (result.declarations) io.out(`Wrote ${show(result.declarations)}.`);
    return 0;
  },
};
