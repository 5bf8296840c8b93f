import type { ConfigSource } from './config-source.js';

/**
 * What kind of problem a {@link ConfigIssue} is.
 * - `invalid` — a value has the wrong type or fails the schema.
 * - `unknown_key` — a file or the environment sets a key the schema or defaults do not know.
 * - `parse` — a config file exists but does not parse (JSON, `.env`) or its module fails to load.
 * - `required` — a production guard found a key unset or still at its default.
 *
 * @example
 * ```ts
 * const unknown = error.issues.filter((issue) => issue.code === 'unknown_key');
 * ```
 */
export type ConfigIssueCode = 'invalid' | 'unknown_key' | 'parse' | 'required';

/**
 * One configuration problem: which key, which source set it, what was expected and what was found.
 *
 * @example
 * ```ts
 * for (const issue of error.issues) console.error(issue.key, issue.source?.label, issue.message);
 * ```
 */
export interface ConfigIssue {
  /** What kind of problem this is. */
  readonly code: ConfigIssueCode;
  /** The dotted key (`DB.POOL.MAX`); empty for a file that did not load. */
  readonly key: string;
  /** The source that set the value (or the file that failed), when there is one. */
  readonly source: ConfigSource | undefined;
  /** What went wrong, without the key and source (those are in the error message). */
  readonly message: string;
  /** What was expected, e.g. `number`. */
  readonly expected?: string;
  /** What was found, redacted when the key is a secret, e.g. `string "abc"`. */
  readonly found?: string;
  /** The closest known key, for an unknown key. */
  readonly suggestion?: string;
  /** The file, for a file that failed to parse or load. */
  readonly file?: string;
  /** The 1-based line in `file`, where the parser gives it. */
  readonly line?: number;
  /** The 1-based column in `file`, where the parser gives it. */
  readonly column?: number;
  /** The underlying error, for a file that failed to parse or load. */
  readonly cause?: unknown;
}

/**
 * The stable codes of a {@link ConfigError}: `config_load` (a file did not parse or load),
 * `config_invalid` (values), `config_production` (a production guard), `config_unknown_key`
 * (`explain` of a missing key).
 *
 * @example
 * ```ts
 * if (error instanceof ConfigError && error.code === 'config_load') console.error('fix the file:', error.source?.label);
 * ```
 */
export type ConfigErrorCode = 'config_invalid' | 'config_load' | 'config_production' | 'config_unknown_key';

/**
 * Thrown when configuration cannot be loaded or is invalid. It lists every problem at once in
 * `issues`; `key` and `source` are those of the first issue.
 *
 * @example
 * ```ts
 * try {
 *   await loadConfig({ root, defaults });
 * } catch (error) {
 *   if (error instanceof ConfigError) for (const issue of error.issues) console.error(issue.message);
 *   throw error;
 * }
 * ```
 */
export class ConfigError extends Error {
  /** `config_invalid`, `config_load`, `config_production` or `config_unknown_key`. */
  readonly code: ConfigErrorCode;
  /** Every problem found. */
  readonly issues: readonly ConfigIssue[];
  /** The key of the first issue. */
  readonly key: string;
  /** The source of the first issue. */
  readonly source: ConfigSource | undefined;

  constructor(code: ConfigErrorCode, issues: readonly ConfigIssue[], options: { cause?: unknown } = {}) {
    super(formatMessage(code, issues), {
      cause: options.cause ?? issues.find((issue) => issue.cause)?.cause,
    });
    this.name = 'ConfigError';
    this.code = code;
    this.issues = Object.freeze([...issues]);
    this.key = issues[0]?.key ?? '';
    this.source = issues[0]?.source;
  }
}

const HEADINGS: Record<ConfigErrorCode, string> = {
  config_invalid: 'Invalid configuration',
  config_load: 'Could not load configuration',
  config_production: 'Configuration is not ready for production',
  config_unknown_key: 'Unknown configuration key',
};

/** One line per issue: `KEY (source): message`, with the suggestion when there is one. */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.source ? ` (${issue.source.label})` : '';
  const head = issue.key ? `${issue.key}${where}` : (issue.source?.label ?? issue.file ?? 'config');
  const hint = issue.suggestion === undefined ? '' : ` Did you mean ${issue.suggestion}?`;
  return `${head}: ${issue.message}${hint}`;
}

function formatMessage(code: ConfigErrorCode, issues: readonly ConfigIssue[]): string {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return `${HEADINGS[code]} (${count}):\n${issues.map((issue) => `  - ${formatIssue(issue)}`).join('\n')}`;
}
