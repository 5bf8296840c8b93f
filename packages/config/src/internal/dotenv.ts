/** One `NAME=value` line of a `.env` file. */
export interface DotenvEntry {
  readonly name: string;
  readonly value: string;
  /** 1-based line where the entry starts. */
  readonly line: number;
}

/** A `.env` syntax error with its 1-based line. */
export class DotenvSyntaxError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(message);
    this.name = 'DotenvSyntaxError';
    this.line = line;
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

/**
 * Parses `.env` text: `NAME=value` lines, optional `export `, `#` comments, blank lines,
 * 'single-quoted' (literal), "double-quoted" (escapes, may span lines) and unquoted values
 * (trimmed, a ` #` starts a comment). Throws {@link DotenvSyntaxError} with the line.
 */
export function parseDotenv(text: string): DotenvEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const entries: DotenvEntry[] = [];
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = (lines[index] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const equals = line.indexOf('=');
    if (equals === -1) {
      throw new DotenvSyntaxError(`expected NAME=value, found "${truncate(line)}"`, lineNumber);
    }
    const name = line
      .slice(0, equals)
      .replace(/^export\s+/, '')
      .trim();
    if (!NAME.test(name)) {
      throw new DotenvSyntaxError(
        `"${truncate(name)}" is not a valid variable name (letters, digits and _; not starting with a digit)`,
        lineNumber,
      );
    }
    let rest = line.slice(equals + 1).trim();
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      let body = rest.slice(1);
      let end = findClosingQuote(body, quote);
      let last = index;
      while (end === -1 && quote === '"' && last + 1 < lines.length) {
        last++;
        body += `\n${lines[last] ?? ''}`;
        end = findClosingQuote(body, quote);
      }
      if (end === -1)
        throw new DotenvSyntaxError(`unterminated ${quote} quote in the value of ${name}`, lineNumber);
      const after = body.slice(end + 1).trim();
      if (after !== '' && !after.startsWith('#')) {
        throw new DotenvSyntaxError(`unexpected text after the closing quote of ${name}`, lineNumber);
      }
      rest = body.slice(0, end);
      const value = quote === '"' ? rest.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? `\\${c}`) : rest;
      entries.push({ name, value, line: lineNumber });
      index = last;
      continue;
    }
    const comment = rest.search(/\s#/);
    entries.push({ name, value: (comment === -1 ? rest : rest.slice(0, comment)).trim(), line: lineNumber });
  }
  return entries;
}

function findClosingQuote(text: string, quote: string): number {
  for (let i = 0; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
