import type { Flagon } from './app.js';
import type { AppTypes, ConfigOf } from './app-types.js';
import type { Context } from './context.js';
import { SetupError } from './errors.js';
import type { Awaitable } from './view-types.js';

/** Renders templates for `c.render`. Implemented by `@flagon/templates`. Stable interface. */
export interface TemplateRenderer {
  render(name: string, context: Record<string, unknown>, c: Context): Awaitable<string>;
}

/** A package that plugs into an app: `app.use(extension)`. Stable interface. */
export interface Extension<E extends AppTypes = AppTypes> {
  readonly name: string;
  setup(app: Flagon<E>): void;
}

/**
 * Something that records itself onto an app when registered, such as a blueprint:
 * `app.register(item, options)` calls `item.register(app, options)`. Stable interface.
 */
export interface Registrable<O = unknown> {
  register(app: Flagon, options?: O): void;
}

/** A logger; `console` by default. */
export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** Options of `new Flagon()`. */
export interface FlagonOptions<E extends AppTypes = AppTypes> {
  /** A name for logs; default 'flagon'. */
  name?: string;
  /** The app's folder, against which `staticFolder` and `templateFolder` resolve (`import.meta.dirname`). */
  root?: string;
  /** The static folder, relative to `root`; null for none. Default 'static'. */
  staticFolder?: string | null;
  /** The URL path of static files. Default '/static'. */
  staticUrlPath?: string;
  /** The templates folder, relative to `root`. Default 'templates'. */
  templateFolder?: string | null;
  /** Configuration; merged over the core's defaults. */
  config?: Partial<ConfigOf<E>>;
  /** Where logs go. Default `console`. */
  logger?: Logger;
}

/** Throws `SetupError` unless `extension` is one, and its name is not taken. */
export function checkExtension(
  extension: Extension | undefined,
  registered: ReadonlyMap<string, unknown>,
): void {
  if (!extension || typeof extension.setup !== 'function' || typeof extension.name !== 'string') {
    throw new SetupError('app.use() needs an extension: an object with a name and a setup(app) function.');
  }
  if (registered.has(extension.name)) {
    throw new SetupError(
      `The extension "${extension.name}" is already registered on this app.`,
      'extension_clash',
    );
  }
}

/** Throws `SetupError` unless `item` can be registered (has a `register(app, options)` method). */
export function checkRegistrable(item: Registrable<never> | undefined): void {
  if (!item || typeof item.register !== 'function') {
    throw new SetupError(
      'app.register() needs a blueprint (an object with a register(app, options) method).',
    );
  }
}
