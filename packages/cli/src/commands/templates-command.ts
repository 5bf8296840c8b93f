import { CliError } from '../cli-error.ts';
import type { BuiltinCommand } from '../io.ts';

export const templatesCommand: BuiltinCommand = {
  name: 'templates',
  summary: "Precompile the app's templates: templates build.",
  help: `Usage: flagon templates build

Precompile every template the app can render (its folder, then each blueprint's).`,
  async run({ argv }) {
    throw new CliError('failed', `flagon templates ${argv[0] ?? ''}: not available yet.`);
  },
};
