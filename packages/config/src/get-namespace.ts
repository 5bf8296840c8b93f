import { seal } from './internal/config-meta.js';

/**
 * Options for {@link getNamespace}; both default to true, as in Flask.
 *
 * @example
 * ```ts
 * getNamespace(config, 'MAIL_', { lowercase: false } satisfies NamespaceOptions);
 * ```
 */
export interface NamespaceOptions {
  /** Lower-case the resulting keys. Default: true. */
  readonly lowercase?: boolean;
  /** Remove the prefix from the resulting keys. Default: true. */
  readonly trimNamespace?: boolean;
}

type CaseOf<K extends string, O> = O extends { readonly lowercase: false } ? K : Lowercase<K>;
type KeyOf<K extends string, P extends string, O> = K extends `${P}${infer Rest}`
  ? CaseOf<O extends { readonly trimNamespace: false } ? K : Rest, O>
  : never;

/**
 * The type {@link getNamespace} returns: the keys of `T` starting with `P`, renamed as the options say.
 *
 * @example
 * ```ts
 * type Mail = Namespace<{ MAIL_SERVER: string; MAIL_PORT: number }, 'MAIL_'>; // { server: string; port: number }
 * ```
 */
export type Namespace<
  T,
  P extends string,
  O extends NamespaceOptions = NamespaceOptions,
> = string extends keyof T
  ? { readonly [key: string]: T[keyof T] }
  : { readonly [K in keyof T & string as KeyOf<K, P, O>]: T[K] };

/**
 * The top-level keys that start with `prefix`, as a new frozen object: by default without the
 * prefix and lower-cased (Flask's `get_namespace`). Secrets stay redacted when it is printed.
 *
 * @param config - A config (or any object).
 * @param prefix - The prefix to select, usually ending in `_`.
 * @param options - `lowercase` and `trimNamespace`, both true by default.
 * @example
 * ```ts
 * // MAIL_SERVER = 'smtp.example.com', MAIL_PORT = 587
 * const mail = getNamespace(config, 'MAIL_'); // { server: 'smtp.example.com', port: 587 }
 * const raw = getNamespace(config, 'MAIL_', { lowercase: false, trimNamespace: false }); // { MAIL_SERVER, MAIL_PORT }
 * ```
 */
export function getNamespace<
  T extends object,
  const P extends string,
  const O extends NamespaceOptions = NamespaceOptions,
>(config: T, prefix: P, options?: O): Namespace<T, P, O> {
  const lowercase = options?.lowercase ?? true;
  const trim = options?.trimNamespace ?? true;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (!key.startsWith(prefix)) continue;
    const name = trim ? key.slice(prefix.length) : key;
    Object.defineProperty(out, lowercase ? name.toLowerCase() : name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  seal(out, undefined, []);
  return out as Namespace<T, P, O>;
}
