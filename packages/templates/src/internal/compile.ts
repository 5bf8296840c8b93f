import { loadBuiltin } from '@flagon/internal';
import { Eta } from 'eta/core';
import { TemplateError } from '../errors.js';
import type { Filter } from '../filters.js';
import type { Markup } from '../markup.js';
import type { RenderState, TemplateFrame } from './render-state.js';

/** Eta's whitespace trimming: `false`, `'nl'` or `'slurp'`, for the left and right of tags. */
export type TrimOption = false | 'nl' | 'slurp';

/** The parts of Eta's syntax that can be changed. Frozen defaults in `DEFAULT_SYNTAX`. */
export interface SyntaxOptions {
  /** Whitespace trimming around tags, as in Eta. Default `[false, 'nl']`. */
  autoTrim?: TrimOption | [TrimOption, TrimOption];
  /** The delimiters. Default `['<%', '%>']`. */
  tags?: [string, string];
}

/** A template compiled to a function: called once per render with the data and the render state. */
export type TemplateFunction = (it: Record<string, unknown>, rt: RenderState, frame: TemplateFrame) => void;
/** Binds a compiled template to the filters and `markup` of a renderer. */
export type TemplateFactory = (
  filters: Readonly<Record<string, Filter>>,
  markup: (html: string) => Markup,
) => TemplateFunction;

/** Names a template sees as locals; filters cannot take them. */
const TEMPLATE_LOCALS = new Set([
  'it',
  '__rt',
  '__eta',
  'layout',
  'block',
  'include',
  'parent',
  'superBlock',
  'output',
  'markup',
  'filters',
]);
const RESERVED = new Set(
  (
    'arguments await break case catch class const continue debugger default delete do else enum eval export ' +
    'extends false finally for function if implements import in instanceof interface let new null package ' +
    'private protected public return static super switch this throw true try typeof var void while with yield'
  ).split(' '),
);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** True when a filter of this name can be called bare in templates (`truncate(...)`). */
export function isBareFilterName(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED.has(name) && !TEMPLATE_LOCALS.has(name);
}

/** True when `name` is taken by the template runtime (`layout`, `block`, `it`, ...). */
export function isTemplateLocal(name: string): boolean {
  return TEMPLATE_LOCALS.has(name);
}

const parsers = new Map<string, Eta>();

function parserFor(syntax: SyntaxOptions): Eta {
  const key = JSON.stringify([syntax.autoTrim ?? null, syntax.tags ?? null]);
  let eta = parsers.get(key);
  if (!eta) {
    eta = new Eta({
      autoEscape: true,
      autoFilter: false,
      debug: true,
      varName: 'it',
      ...(syntax.autoTrim === undefined ? {} : { autoTrim: syntax.autoTrim }),
      ...(syntax.tags === undefined ? {} : { tags: syntax.tags }),
    });
    parsers.set(key, eta);
  }
  return eta;
}

/** Where a template comes from, for error messages. */
export interface SourceInfo {
  template: string | null;
  file: string | null;
  source: string;
}

/** A compiled template: the factory, and its source for precompiled modules. */
export interface Compiled {
  /** A JS function expression that needs nothing but its arguments. */
  readonly code: string;
  readonly factory: TemplateFactory;
}

/**
 * Compiles a template to a {@link TemplateFactory} and its source (which can be written into a
 * precompiled module). Throws `TemplateError` (code `syntax_error`) with the file and line.
 */
export function compileTemplate(
  info: SourceInfo,
  filterNames: readonly string[],
  syntax: SyntaxOptions = {},
): Compiled {
  const eta = parserFor(syntax);
  let body: string;
  try {
    body = eta.compileBody(eta.parse(info.source));
  } catch (error) {
    const where = /at line (\d+) col (\d+)/.exec((error as Error).message);
    const line = where ? Number(where[1]) : null;
    const column = where ? Number(where[2]) : null;
    const what = (error as Error).message.split(' at line ')[0] ?? 'syntax error';
    throw syntaxError(info, what, line, column, error);
  }
  const bare = [...new Set(filterNames)].filter(isBareFilterName);
  const header = bare.length === 0 ? '' : `const {${bare.join(', ')}} = filters;\n`;
  const code =
    `function (filters, markup) {\n${header}return function (it, __rt, __eta) {\n` +
    'const layout = (name, data) => __rt.layout(__eta, name, data);\n' +
    'const block = (name, fn) => __rt.block(__eta, name, fn);\n' +
    'const include = (name, data) => __rt.include(name, data, it);\n' +
    'const parent = () => __rt.parent();\n' +
    'const superBlock = parent;\n' +
    'const output = (text) => { __eta.res += text; };\n' +
    `${body}};\n}`;
  let make: () => TemplateFactory;
  try {
    make = new Function(`return (${code});`) as () => TemplateFactory;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const line = locateSyntaxError(code, info.file ?? 'template');
    throw syntaxError(info, error.message, line, null, error);
  }
  return { code, factory: make() };
}

function syntaxError(
  info: SourceInfo,
  what: string,
  line: number | null,
  column: number | null,
  cause: unknown,
): TemplateError {
  const where = `${info.file ?? info.template ?? 'template string'}${line === null ? '' : `, line ${line}`}`;
  return new TemplateError(`Syntax error in template ${where}: ${what}`, {
    code: 'syntax_error',
    template: info.template,
    file: info.file,
    line,
    column,
    source: info.source,
    cause,
  });
}

/**
 * The template line of a JS syntax error in generated code: node:vm reports the generated line;
 * the last `__eta.line=N` marker before it gives the template line of that tag.
 */
function locateSyntaxError(code: string, filename: string): number | null {
  const vm = loadBuiltin<typeof import('node:vm')>('node:vm');
  if (!vm) return null;
  let generatedLine: number | null = null;
  try {
    new vm.Script(`(${code})`, { filename });
  } catch (error) {
    const match = /:(\d+)\n/.exec(String((error as Error).stack));
    generatedLine = match ? Number(match[1]) : null;
  }
  if (generatedLine === null) return null;
  const lines = code.split('\n');
  let extra = 0;
  for (let i = Math.min(generatedLine, lines.length) - 1; i >= 0; i--) {
    const text = lines[i] as string;
    const marker = /^__eta\.line=(\d+)$/.exec(text);
    if (marker) return Number(marker[1]) + Math.max(0, extra - 1);
    if (!text.startsWith("__eta.res+='")) extra += 1;
  }
  return null;
}
