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

/**
 * The `--host` and `--port` of a serving command, falling back to HOST and PORT, then
 * 127.0.0.1:5000. A port that is not a number from 0 to 65535 is a `usage` error.
 */
export function parseHostPort(
  command: string,
  values: { host?: string | boolean | undefined; port?: string | boolean | undefined },
  env: Readonly<Record<string, string | undefined>>,
): { host: string; port: number } {
  const host = (typeof values.host === 'string' ? values.host : undefined) ?? env.HOST ?? '127.0.0.1';
  const portText = (typeof values.port === 'string' ? values.port : undefined) ?? env.PORT ?? '5000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new CliError(
      'usage',
      `flagon ${command}: --port must be a number from 0 to 65535, not "${portText}".`,
    );
  }
  return { host, port };
}
