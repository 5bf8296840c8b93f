import { HTTPError } from '@flagon/core';
import { codeFrame, TemplateError } from '../errors.js';
import { escapeHtml, Markup, toText } from '../markup.js';
import type { TemplateFunction } from './compile.js';

/** A compiled template, ready to run. */
export interface CompiledTemplate {
  /** Its name on the search path, or null for a string template. */
  readonly name: string | null;
  /** Its file, or its name when it has none. */
  readonly file: string | null;
  /** Its source, for code frames (absent in precompiled modules unless kept). */
  readonly source: string | undefined;
  /** Whether `<%= %>` escapes HTML. */
  readonly escape: boolean;
  readonly fn: TemplateFunction;
}

/** Finds compiled templates by name (the renderer). */
export interface TemplateLoader {
  load(name: string): CompiledTemplate;
}

/** The state of one template while it runs. Eta's generated code writes `res` and `line`. */
export interface TemplateFrame {
  res: string;
  e: (value: unknown) => string;
  line: number;
  layout: CompiledTemplate | undefined;
  layoutData: Record<string, unknown> | undefined;
  done: boolean;
  readonly template: CompiledTemplate;
}

interface BlockDefinition {
  readonly fn: () => void;
  readonly frame: TemplateFrame;
}

const EMPTY = new Markup('');

/**
 * One top-level render: runs a template, then its layouts, resolving blocks from the most
 * derived template to the root layout. Created per render; rendering is synchronous, so the
 * block being rendered (for `parent()`) is a field, not a stack.
 */
export class RenderState {
  readonly #loader: TemplateLoader;
  /** Block definitions by name, most derived first. */
  #blocks: Record<string, BlockDefinition[]> | undefined;
  #chain: BlockDefinition[] | undefined;
  #index = 0;

  constructor(loader: TemplateLoader) {
    this.#loader = loader;
  }

  /** Runs a template and the layouts it extends; returns the HTML. */
  run(template: CompiledTemplate, data: Record<string, unknown>): string {
    const frame: TemplateFrame = {
      res: '',
      e: template.escape ? escapeHtml : toText,
      line: 0,
      layout: undefined,
      layoutData: undefined,
      done: false,
      template,
    };
    try {
      template.fn(data, this, frame);
    } catch (error) {
      throw located(error, frame);
    }
    frame.done = true;
    if (frame.layout === undefined) return frame.res;
    return this.run(frame.layout, frame.layoutData ? extend(data, frame.layoutData) : data);
  }

  /** `layout(name, data)`: this template extends `name`. */
  layout(frame: TemplateFrame, name: unknown, data: Record<string, unknown> | undefined): void {
    frame.layout = this.#loader.load(String(name));
    frame.layoutData = data;
  }

  /**
   * `block(name, fn)`: in a template that extends a layout, defines the block (prints nothing);
   * elsewhere prints the most derived definition, or `fn` as the default.
   */
  block(frame: TemplateFrame, name: string, fn: (() => void) | undefined): Markup {
    if (frame.layout !== undefined && !frame.done) {
      if (fn) {
        this.#blocks ??= Object.create(null) as Record<string, BlockDefinition[]>;
        const list = this.#blocks[name];
        if (list) list.push({ fn, frame });
        else this.#blocks[name] = [{ fn, frame }];
      }
      return EMPTY;
    }
    const defined = this.#blocks?.[name];
    if (defined === undefined) return fn ? new Markup(this.#render([{ fn, frame }], 0)) : EMPTY;
    return new Markup(this.#render(fn ? [...defined, { fn, frame }] : defined, 0));
  }

  /** `parent()` / `superBlock()`: the next less derived definition of the current block. */
  parent(): Markup {
    const chain = this.#chain;
    if (chain === undefined) {
      throw new Error('parent() can only be called inside a block(...) that overrides a block of a layout.');
    }
    return this.#index + 1 < chain.length ? new Markup(this.#render(chain, this.#index + 1)) : EMPTY;
  }

  /** `include(name, data)`: another template with the current data plus `data`. */
  include(name: unknown, data: Record<string, unknown> | undefined, it: Record<string, unknown>): Markup {
    const template = this.#loader.load(String(name));
    const blocks = this.#blocks;
    const chain = this.#chain;
    const index = this.#index;
    this.#blocks = undefined;
    this.#chain = undefined;
    try {
      return new Markup(this.run(template, data ? extend(it, data) : it));
    } finally {
      this.#blocks = blocks;
      this.#chain = chain;
      this.#index = index;
    }
  }

  #render(chain: BlockDefinition[], index: number): string {
    const definition = chain[index] as BlockDefinition;
    const frame = definition.frame;
    const outerChain = this.#chain;
    const outerIndex = this.#index;
    const outerRes = frame.res;
    const outerLine = frame.line;
    this.#chain = chain;
    this.#index = index;
    frame.res = '';
    try {
      definition.fn();
      return frame.res;
    } catch (error) {
      throw located(error, frame);
    } finally {
      frame.res = outerRes;
      frame.line = outerLine;
      this.#chain = outerChain;
      this.#index = outerIndex;
    }
  }
}

/** The data of an include or layout: `data` over the current data, without copying it. */
function extend(base: Record<string, unknown>, data: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(Object.create(base) as Record<string, unknown>, data);
}

/**
 * Wraps an error thrown in a template in a TemplateError naming the template and line.
 * An `HTTPError` (`abort(404)` in a helper) passes through, so the app still answers its status.
 */
function located(error: unknown, frame: TemplateFrame): unknown {
  if (error instanceof HTTPError) return error;
  const { template } = frame;
  const line = frame.line > 0 ? frame.line : null;
  const where = `${template.file ?? 'template string'}${line === null ? '' : `, line ${line}`}`;
  if (error instanceof TemplateError) {
    if (error.file === null && error.code === 'template_not_found') {
      error.template = template.name;
      error.file = template.file;
      error.line = line;
      error.codeFrame = codeFrame(template.source, template.file, line, null);
      error.message += `\nAsked for by ${where}.`;
    }
    return error;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new TemplateError(`Error rendering ${where}: ${message}`, {
    code: 'render_error',
    template: template.name,
    file: template.file,
    line,
    source: template.source,
    cause: error,
  });
}
