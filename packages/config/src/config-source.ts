/**
 * Where a config value came from. `label` is a short human form for messages and tables
 * (`defaults`, `config.ts`, `instance/.env:3`, `env FLASKR_PORT`, `overrides`).
 *
 * @example
 * ```ts
 * const source: ConfigSource = { kind: 'env', name: 'FLASKR_PORT', label: 'env FLASKR_PORT' };
 * ```
 */
export type ConfigSource =
  | { readonly kind: 'defaults'; readonly label: string }
  | { readonly kind: 'schema'; readonly label: string }
  | {
      readonly kind: 'file';
      readonly label: string;
      /** Absolute path of the file. */
      readonly file: string;
      /** 1-based line, for `.env` files. */
      readonly line?: number;
      /** The variable name as written, for `.env` files. */
      readonly name?: string;
    }
  | { readonly kind: 'env'; readonly label: string /** The environment variable. */; readonly name: string }
  | { readonly kind: 'override'; readonly label: string };

/**
 * The kinds of {@link ConfigSource}: `defaults`, `file`, `env`, `override`, and `schema` for what
 * no source set.
 *
 * @example
 * ```ts
 * const fromFiles = describe(config).filter((row) => row.source.kind === ('file' satisfies ConfigSourceKind));
 * ```
 */
export type ConfigSourceKind = ConfigSource['kind'];
