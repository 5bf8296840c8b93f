import { type AutoescapeOption, autoescapeTest, DEFAULT_AUTOESCAPE } from './autoescape.js';
import { TemplateNotFoundError } from './errors.js';
import { BUILTIN_FILTERS, type Filter } from './filters.js';
import {
  compileTemplate,
  isTemplateLocal,
  type SyntaxOptions,
  type TemplateFactory,
} from './internal/compile.js';
import { fileSystem } from './internal/node-builtins.js';
import { type CompiledTemplate, RenderState, type TemplateLoader } from './internal/render-state.js';
import { markup } from './markup.js';
import { PRECOMPILED_FORMAT, type PrecompiledTemplate, type PrecompiledTemplates } from './precompiled.js';
import { checkTemplateName } from './template-name.js';

/** Options of {@link createRenderer}. Defaults in {@link DEFAULT_RENDERER_OPTIONS}. */
export interface RendererOptions {
  /** Folders searched for templates, in order; an array read at each lookup, or a function. */
  folders?: readonly string[] | (() => readonly string[]);
  /** A module written by `buildTemplates()`: templates come from it, never from the disk. */
  precompiled?: PrecompiledTemplates;
  /** Which templates escape `<%= %>`. Default: `.html`, `.htm`, `.xml`, `.svg`. */
  autoescape?: AutoescapeOption;
  /** Filters and helpers added to the built-in ones, callable by name in templates. */
  filters?: Record<string, Filter>;
  /** Values every template sees on `it` (below the render's own data). */
  globals?: Record<string, unknown>;
  /** Keep compiled templates. Default true. */
  cache?: boolean;
  /** Check each template's modification time at every render and recompile when it changed (debug). Default false. */
  reload?: boolean | (() => boolean);
  /** Eta syntax: `autoTrim` and `tags`. */
  syntax?: SyntaxOptions;
}

/** The renderer's defaults. */
export const DEFAULT_RENDERER_OPTIONS = Object.freeze({
  /** Extensions whose templates escape `<%= %>`. */
  autoescape: DEFAULT_AUTOESCAPE,
  /** Compiled templates are kept. */
  cache: true,
  /** Files are not checked for changes. */
  reload: false,
});

interface CacheEntry {
  readonly template: CompiledTemplate;
  readonly mtimeMs: number;
  readonly size: number;
}

const STRING_CACHE_SIZE = 256;

/**
 * Finds, compiles, caches and renders templates. `templates()` makes one per app; make your own
 * with {@link createRenderer} to render outside a request (emails, static pages, CLI).
 */
export class Renderer implements TemplateLoader {
  readonly #folders: () => readonly string[];
  readonly #precompiled: Map<string, PrecompiledTemplate> | undefined;
  readonly #autoescape: (name: string) => boolean;
  readonly #filters: Record<string, Filter>;
  readonly #globals: Record<string, unknown>;
  readonly #cacheOn: boolean;
  readonly #reload: () => boolean;
  readonly #syntax: SyntaxOptions;
  readonly #cache = new Map<string, CacheEntry>();
  readonly #strings = new Map<string, CompiledTemplate>();
  #foldersSeen: readonly string[] = [];

  constructor(options: RendererOptions = {}) {
    const folders = options.folders ?? [];
    this.#folders = typeof folders === 'function' ? folders : () => folders;
    this.#autoescape = autoescapeTest(options.autoescape ?? DEFAULT_RENDERER_OPTIONS.autoescape);
    this.#filters = { ...BUILTIN_FILTERS };
    for (const [name, fn] of Object.entries(options.filters ?? {})) this.addFilter(name, fn);
    this.#globals = { ...options.globals };
    this.#cacheOn = options.cache ?? DEFAULT_RENDERER_OPTIONS.cache;
    const reload = options.reload ?? DEFAULT_RENDERER_OPTIONS.reload;
    this.#reload = typeof reload === 'function' ? reload : () => reload;
    this.#syntax = { ...options.syntax };
    this.#precompiled = options.precompiled ? this.#loadPrecompiled(options.precompiled) : undefined;
  }

  /** The filters templates can call: the built-ins plus yours. */
  get filters(): Readonly<Record<string, Filter>> {
    return this.#filters;
  }

  /** The values every template sees on `it`. Add to it during setup. */
  get globals(): Record<string, unknown> {
    return this.#globals;
  }

  /**
   * Adds a filter or helper, callable by name in templates (`<%= money(price) %>`); names that
   * are not identifiers are called as `filters['my-name'](...)`. Throws for names the template
   * runtime uses (`layout`, `block`, `include`, `it`, ...). Compiled templates are dropped.
   */
  addFilter(name: string, fn: Filter): void {
    if (typeof fn !== 'function') throw new TypeError(`The filter "${name}" must be a function.`);
    if (isTemplateLocal(name)) {
      throw new TypeError(`"${name}" is used by the template runtime and cannot be a filter name.`);
    }
    this.#filters[name] = fn;
    this.#cache.clear();
    this.#strings.clear();
  }

  /**
   * Renders a template by name with `data` (seen as `it`, over the globals). Throws
   * `TemplateNotFoundError`, or `TemplateError` for a syntax error or an error while rendering.
   *
   * @example
   * ```ts
   * renderer.render('emails/welcome.html', { user });
   * ```
   */
  render(name: string, data: Record<string, unknown> = {}): string {
    return new RenderState(this).run(this.load(name), Object.assign(Object.create(this.#globals), data));
  }

  /** @internal Renders with request values between the globals and the view's data. */
  renderLayered(name: string, values: Record<string, unknown>, data: Record<string, unknown>): string {
    const template = this.load(name);
    const it = Object.assign(Object.create(this.#globals) as Record<string, unknown>, values, data);
    return new RenderState(this).run(template, it);
  }

  /**
   * Renders a template given as a string. It can `include()` and `layout()` templates by name.
   * Escapes `<%= %>` unless `autoescape: false`.
   *
   * @example
   * ```ts
   * renderer.renderString('Hello <%= it.name %>!', { name: 'World' });
   * ```
   */
  renderString(
    source: string,
    data: Record<string, unknown> = {},
    options: { autoescape?: boolean } = {},
  ): string {
    const escapes = options.autoescape !== false;
    const key = `${escapes ? 1 : 0}${source}`;
    let template = this.#strings.get(key);
    if (template === undefined) {
      const { factory } = compileTemplate(
        { template: null, file: null, source },
        Object.keys(this.#filters),
        this.#syntax,
      );
      template = { name: null, file: null, source, escape: escapes, fn: this.#bind(factory) };
      if (this.#strings.size >= STRING_CACHE_SIZE) this.#strings.clear();
      this.#strings.set(key, template);
    }
    return new RenderState(this).run(template, Object.assign(Object.create(this.#globals), data));
  }

  /** Drops every compiled template. */
  clearCache(): void {
    this.#cache.clear();
    this.#strings.clear();
  }

  /**
   * The compiled template of a name: from the precompiled module, the cache, or the first folder
   * that has the file. Throws `TemplateError` (`invalid_name`) for names with `..` or absolute
   * paths, `TemplateNotFoundError` listing the folders searched.
   */
  load(name: string): CompiledTemplate {
    if (this.#precompiled !== undefined) {
      const cached = this.#cache.get(name);
      if (cached !== undefined) return cached.template;
      const entry = this.#precompiled.get(name);
      if (entry !== undefined) {
        const template: CompiledTemplate = {
          name,
          file: entry.file ?? name,
          source: entry.source,
          escape: entry.escape,
          fn: this.#bind(entry.factory),
        };
        this.#cache.set(name, { template, mtimeMs: 0, size: 0 });
        return template;
      }
      checkTemplateName(name);
      throw new TemplateNotFoundError(name, [`precompiled module (${this.#precompiled.size} templates)`]);
    }
    const folders = this.#folders();
    if (!sameFolders(folders, this.#foldersSeen)) {
      this.#cache.clear();
      this.#foldersSeen = [...folders];
    }
    const cached = this.#cache.get(name);
    if (cached !== undefined && !this.#reload()) return cached.template;
    return this.#loadFile(name, folders, cached);
  }

  /** The file a name resolves to on the search path, or undefined. */
  resolve(name: string): string | undefined {
    checkTemplateName(name);
    const fs = fileSystem();
    for (const folder of this.#folders()) {
      const file = joinFile(folder, name);
      if (fs.statSync(file, { throwIfNoEntry: false })?.isFile()) return file;
    }
    return undefined;
  }

  #loadFile(name: string, folders: readonly string[], cached: CacheEntry | undefined): CompiledTemplate {
    checkTemplateName(name);
    const fs = fileSystem();
    for (const folder of folders) {
      const file = joinFile(folder, name);
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (!stat?.isFile()) continue;
      if (
        cached !== undefined &&
        cached.template.file === file &&
        cached.mtimeMs === stat.mtimeMs &&
        cached.size === stat.size
      ) {
        return cached.template;
      }
      const source = fs.readFileSync(file, 'utf8');
      const { factory } = compileTemplate(
        { template: name, file, source },
        Object.keys(this.#filters),
        this.#syntax,
      );
      const template: CompiledTemplate = {
        name,
        file,
        source,
        escape: this.#autoescape(name),
        fn: this.#bind(factory),
      };
      if (this.#cacheOn) this.#cache.set(name, { template, mtimeMs: stat.mtimeMs, size: stat.size });
      return template;
    }
    throw new TemplateNotFoundError(name, folders);
  }

  #bind(factory: TemplateFactory): CompiledTemplate['fn'] {
    return factory(this.#filters, markup);
  }

  #loadPrecompiled(module: PrecompiledTemplates): Map<string, PrecompiledTemplate> {
    if (module?.format !== PRECOMPILED_FORMAT || typeof module.templates !== 'object') {
      throw new TypeError(
        `templates({ precompiled }) needs a module written by buildTemplates() (format "${PRECOMPILED_FORMAT}"), ` +
          `got format ${JSON.stringify(module?.format)}. Rebuild it with this version of @flagon/templates.`,
      );
    }
    return new Map(Object.entries(module.templates));
  }
}

/**
 * A renderer outside any app or request: templates from folders (or a precompiled module),
 * the built-in filters and yours, and your globals.
 *
 * @example
 * ```ts
 * const renderer = createRenderer({ folders: [new URL('./templates', import.meta.url).pathname] });
 * const html = renderer.render('emails/welcome.html', { name: 'Ada' });
 * ```
 */
export function createRenderer(options: RendererOptions = {}): Renderer {
  return new Renderer(options);
}

let shared: Renderer | undefined;

/**
 * Renders an ad-hoc template string with the built-in filters and no folders (so no
 * `include()`): HTML-escaped unless `autoescape: false`. Compiled strings are cached.
 *
 * @example
 * ```ts
 * renderString('Hello <%= it.name %>!', { name: '<Ada>' }); // 'Hello &lt;Ada&gt;!'
 * ```
 */
export function renderString(
  source: string,
  data: Record<string, unknown> = {},
  options: { autoescape?: boolean } = {},
): string {
  shared ??= new Renderer();
  return shared.renderString(source, data, options);
}

function sameFolders(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function joinFile(folder: string, name: string): string {
  return `${folder.replace(/[\\/]+$/, '')}/${name}`;
}
