import { type AppTypes, type Context, type Extension, type Flagon, SetupError } from '@flagon/core';
import type { Filter } from './filters.js';
import { Renderer, type RendererOptions } from './renderer.js';
import { staticUrl } from './static-url.js';

/** Options of {@link templates}. */
export interface TemplatesOptions extends Omit<RendererOptions, 'folders' | 'reload'> {
  /**
   * Check templates for changes at each render. Default: the app's debug mode (`DEBUG`), read
   * at render time; in production compiled templates are kept and files are never read again.
   */
  reload?: boolean;
  /** `static(filename)` adds `?v=<8 hex of sha256>` to the URL. Default false. */
  staticHash?: boolean;
}

/** The extension `templates()` returns. */
export interface TemplatesExtension<E extends AppTypes = AppTypes> extends Extension<E> {
  readonly name: 'templates';
  /** The app's renderer; throws before `app.use()`. */
  readonly renderer: Renderer;
  /** Adds a filter or helper callable by name in templates. */
  addFilter(name: string, fn: Filter): void;
}

/**
 * The Eta template extension: `app.use(templates())`. Then `c.render('page.html', { ... })`
 * renders `templates/page.html`, searching the app's folder first and then each blueprint's.
 * Templates see the view's data, the request globals (`urlFor`, `static`, `getFlashedMessages`,
 * `config`, `session`, `g`, `request`) and the values of context processors, all on `it`.
 *
 * @example
 * ```ts
 * const app = new Flagon({ root: import.meta.dirname });
 * app.use(templates({ filters: { money: (n: number) => `$${n.toFixed(2)}` } }));
 * app.get('/', async function index(c) { return c.render('index.html', { title: 'Home' }); });
 * ```
 */
export function templates<E extends AppTypes = AppTypes>(
  options: TemplatesOptions = {},
): TemplatesExtension<E> {
  let renderer: Renderer | undefined;
  let served: (() => boolean) | undefined;
  const pending: [string, Filter][] = [];
  return {
    name: 'templates',
    get renderer(): Renderer {
      if (!renderer)
        throw new Error('The templates extension has no renderer until app.use(templates()) runs.');
      return renderer;
    },
    addFilter(name: string, fn: Filter): void {
      if (served?.()) {
        throw new SetupError(
          `addFilter(${JSON.stringify(name)}) was called after the app handled its first request. ` +
            'Add filters during setup, e.g. in templates({ filters }) or right after app.use(templates()).',
          'setup_finished',
        );
      }
      if (renderer) renderer.addFilter(name, fn);
      else pending.push([name, fn]);
    },
    setup(app: Flagon<E>): void {
      const { reload, staticHash, globals, ...rest } = options;
      const debug = () => reload ?? app.debug;
      const made = new Renderer({
        ...rest,
        folders: () => app.templateFolders,
        reload: debug,
        globals: {
          static: staticUrl(app as unknown as Flagon, {
            hash: staticHash === true,
            cacheHash: () => !debug(),
          }),
          ...globals,
        },
      });
      for (const [name, fn] of pending) made.addFilter(name, fn);
      renderer = made;
      // Core freezes the config at the first request; there is no public "serving" flag.
      served = () => Object.isFrozen(app.config);
      app.renderer = {
        async render(name: string, context: Record<string, unknown>, c: Context): Promise<string> {
          const values = await app.templateContext(c as unknown as Context<E, unknown>);
          return made.renderLayered(name, values, context);
        },
      };
    },
  };
}

/**
 * The renderer of an app that uses `templates()`, to render outside a request (emails, CLI).
 * Throws when the app has no templates extension.
 *
 * @example
 * ```ts
 * const html = rendererOf(app).render('emails/welcome.html', { name: 'Ada' });
 * ```
 */
export function rendererOf<E extends AppTypes>(app: Flagon<E>): Renderer {
  const extension = app.extensions.get('templates') as Partial<TemplatesExtension> | undefined;
  if (!extension?.renderer) {
    throw new Error('This app has no templates extension: add one with app.use(templates()).');
  }
  return extension.renderer;
}
