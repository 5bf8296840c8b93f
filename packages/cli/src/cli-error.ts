/** Why the `flagon` command stopped: `usage` for bad input (exit 2), `failed` for work that failed (exit 1). */
export type CliErrorCode = 'usage' | 'discovery' | 'failed';

/**
 * An error the `flagon` command prints as one line, without a stack unless `--verbose` is on.
 *
 * @example
 * ```ts
 * throw new CliError('usage', 'Unknown sort "size": use endpoint, methods, rule or match.');
 * ```
 */
export class CliError extends Error {
  readonly code: CliErrorCode;

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.code = code;
  }

  /** The process exit code: 2 for usage errors, 1 otherwise. */
  get exitCode(): number {
    return this.code === 'usage' ? 2 : 1;
  }
}
