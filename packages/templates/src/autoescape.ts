import { extensionOf } from './template-name.js';

/** Decides autoescaping: a list of extensions (`['.html', '.xml']`), or a function of the template name. */
export type AutoescapeOption = readonly string[] | ((name: string) => boolean);

/** The extensions autoescaped by default: `.html`, `.htm`, `.xml`, `.svg`. */
export const DEFAULT_AUTOESCAPE: readonly string[] = Object.freeze(['.html', '.htm', '.xml', '.svg']);

/** The autoescape option as a test of a template name. */
export function autoescapeTest(option: AutoescapeOption): (name: string) => boolean {
  if (typeof option === 'function') return option;
  const set = new Set(option.map((e) => (e.startsWith('.') ? e : `.${e}`).toLowerCase()));
  return (name) => set.has(extensionOf(name));
}
