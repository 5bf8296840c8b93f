import { redactValue } from '../redact.js';
import { typeName } from './object-path.js';

/** A value for a message, redacted for secret keys: `string "abc"`, `number 3`, `nothing (not set)`. */
export function describeFound(key: string, value: unknown): string {
  if (value === undefined) return 'nothing (not set)';
  const shown = redactValue(key, value);
  let text: string;
  try {
    text = JSON.stringify(shown) ?? String(shown);
  } catch {
    text = String(shown);
  }
  if (text.length > 60) text = `${text.slice(0, 57)}…`;
  return `${typeName(value)} ${text}`;
}
