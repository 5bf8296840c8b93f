/**
 * The 1-based line and column of the first syntax error in JSON text, found by scanning it
 * (V8's messages do not always give a position), else read from V8's message.
 */
export function jsonErrorLocation(message: string, text: string): { line?: number; column?: number } {
  const offset = firstJsonError(text);
  if (offset !== undefined) return offsetToLocation(text, offset);
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  return {};
}

/** The 1-based line and column of a character offset. */
export function offsetToLocation(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

class Stop {
  readonly offset: number;
  constructor(offset: number) {
    this.offset = offset;
  }
}

/** The offset of the first JSON syntax error, or undefined when the text is valid JSON. */
export function firstJsonError(text: string): number | undefined {
  let i = 0;
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++;
  };
  const expect = (char: string) => {
    if (text[i] !== char) throw new Stop(i);
    i++;
  };
  const literal = (word: string) => {
    for (const char of word) expect(char);
  };
  const string = () => {
    expect('"');
    while (i < text.length && text[i] !== '"') {
      const char = text.charCodeAt(i);
      if (char < 0x20) throw new Stop(i);
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) throw new Stop(i);
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) throw new Stop(i);
      }
      i++;
    }
    expect('"');
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match || match[0] === '' || match[0] === '-') throw new Stop(i);
    i += match[0].length;
  };
  const value = (): void => {
    space();
    const char = text[i];
    if (char === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        string();
        space();
        expect(':');
        value();
        space();
        if (text[i] !== ',') break;
        i++;
      }
      expect('}');
      return;
    }
    if (char === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] !== ',') break;
        i++;
      }
      expect(']');
      return;
    }
    if (char === '"') string();
    else if (char === 't') literal('true');
    else if (char === 'f') literal('false');
    else if (char === 'n') literal('null');
    else number();
  };
  try {
    value();
    space();
    return i < text.length ? i : undefined;
  } catch (error) {
    if (error instanceof Stop) return error.offset;
    throw error;
  }
}
