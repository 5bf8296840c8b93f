import { escapeHtml } from '@flagon/templates';
import type { Attrs } from '../field.js';

const ATTRIBUTE_NAME = /^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/;

/** Writes attributes as ` name="value"`, escaped; refuses names that are not attribute names. */
export function renderAttrs(attrs: Attrs): string {
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (!ATTRIBUTE_NAME.test(name)) {
      throw new TypeError(`${JSON.stringify(name)} is not a valid HTML attribute name.`);
    }
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  return out;
}

/** An element with escaped attributes and already-safe inner HTML. */
export function element(tag: string, attrs: Attrs, inner?: string): string {
  return inner === undefined
    ? `<${tag}${renderAttrs(attrs)}>`
    : `<${tag}${renderAttrs(attrs)}>${inner}</${tag}>`;
}

/** Joins class names, skipping empty ones. */
export function classes(...names: (string | number | boolean | null | undefined)[]): string | undefined {
  const out = names.filter((n) => typeof n === 'string' && n !== '').join(' ');
  return out === '' ? undefined : out;
}
