import type { Command, CommandOption } from '@flagon/core';
import { CliError } from '../cli-error.ts';
import { parseCommandArgs } from '../internal/parse.ts';
import { textTable } from '../internal/text-table.ts';
import type { Io } from '../io.ts';

/** The usage and help text of an app-defined command. */
export function appCommandHelp(command: Command): string {
  const args = (command.arguments ?? []).map((a) => (a.required === false ? `[${a.name}]` : a.name));
  const options = Object.entries(command.options ?? {});
  const lines = [
    `Usage: flagon ${command.name}${options.length ? ' [OPTIONS]' : ''} ${args.join(' ')}`.trimEnd(),
  ];
  if (command.description) lines.push('', command.description);
  if (command.arguments?.length) {
    lines.push('', 'Arguments:');
    for (const a of command.arguments) lines.push(`  ${a.name.padEnd(18)}${a.description ?? ''}`.trimEnd());
  }
  if (options.length) {
    lines.push('', 'Options:');
    for (const [name, option] of options)
      lines.push(`  ${optionLabel(name, option).padEnd(18)}${optionHelp(option)}`);
  }
  return lines.join('\n');
}

function optionLabel(name: string, option: CommandOption): string {
  const flag = `${option.short ? `-${option.short}, ` : ''}--${name}`;
  return option.type === 'string' ? `${flag} VALUE` : flag;
}

function optionHelp(option: CommandOption): string {
  const fallback = option.default === undefined ? '' : ` (default: ${String(option.default)})`;
  return `${option.description ?? ''}${fallback}`.trim();
}

/** A table of app commands for `flagon --help`. */
export function appCommandList(commands: readonly Command[]): string {
  return textTable(
    ['Command', 'Description'],
    commands.map((c) => [c.name, c.description ?? '']),
  )
    .split('\n')
    .slice(2)
    .map((line) => `  ${line}`)
    .join('\n');
}

/**
 * Parses `argv` against an app command's spec and runs it: positionals fill `arguments` in
 * order; `--name value` and `--flag` fill `options`.
 *
 * @throws {CliError} `usage` for a missing required argument, an extra one, or an unknown option.
 */
export async function runAppCommand(command: Command, argv: string[], io: Io): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(appCommandHelp(command));
    return 0;
  }
  const spec = Object.fromEntries(
    Object.entries(command.options ?? {}).map(([name, option]) => [
      name,
      {
        type: option.type,
        ...(option.short ? { short: option.short } : {}),
        ...(option.default === undefined ? {} : { default: option.default }),
      },
    ]),
  ) as Record<string, { type: 'string' | 'boolean'; short?: string; default?: string | boolean }>;
  const { values, positionals } = parseCommandArgs(command.name, argv, spec, true);
  const declared = command.arguments ?? [];
  if (positionals.length > declared.length) {
    throw new CliError(
      'usage',
      `flagon ${command.name}: unexpected argument "${positionals[declared.length]}". ${appCommandHelp(command).split('\n')[0]}`,
    );
  }
  const args: Record<string, string | undefined> = {};
  declared.forEach((argument, i) => {
    args[argument.name] = positionals[i];
    if (positionals[i] === undefined && argument.required !== false) {
      throw new CliError(
        'usage',
        `flagon ${command.name}: missing argument ${argument.name}. ${appCommandHelp(command).split('\n')[0]}`,
      );
    }
  });
  const result = await command.run({
    args,
    options: values as Record<string, string | boolean | undefined>,
    print: (line: string) => io.out(line),
  });
  return typeof result === 'number' ? result : 0;
}
