import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CliError } from '../cli-error.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `parseArgs` that turns its errors into a `usage` CliError naming the command. */
export function parseCommandArgs<O extends Options>(
  command: string,
  argv: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, allowNegative: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^.*?: /, '') : String(error);
    throw new CliError('usage', `flagon ${command}: ${message} See flagon ${command} --help.`);
  }
}

/** True for "1", "true", "yes", "on" (any case). */
export function truthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}
