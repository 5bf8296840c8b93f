import { type Converter, type ConverterFactory, NO_MATCH } from '../converters.js';
import { SetupError } from '../errors.js';

/** One `<conv:name>` part of a rule, with its converter instance. */
export interface RuleParam {
  readonly name: string;
  readonly converter: Converter;
  readonly converterName: string;
}

/** A rule parsed into static text and parameters, compiled for Hono's router and for URL building. */
export interface ParsedRule {
  readonly rule: string;
  /** Alternating static text and parameters, in order. */
  readonly parts: readonly (string | RuleParam)[];
  readonly params: readonly RuleParam[];
  /** The pattern handed to Hono's router. */
  readonly pattern: string;
  /** For segments that mix text and parameters: how to split the captured segment. */
  readonly segmentSplitters: readonly SegmentSplitter[];
  readonly hasTrailingSlash: boolean;
}

export interface SegmentSplitter {
  readonly key: string;
  readonly regex: RegExp;
  readonly params: readonly RuleParam[];
}

const PARAM = /<(?:([a-zA-Z_][\w]*)(?:\(([^)]*)\))?:)?([a-zA-Z_][\w]*)>/y;

/** Parses a Flask rule such as `/post/<int:id>/update`. Throws a {@link SetupError} naming the rule. */
export function parseRule(rule: string, converters: Readonly<Record<string, ConverterFactory>>): ParsedRule {
  if (typeof rule !== 'string' || !rule.startsWith('/')) {
    throw new SetupError(
      `Route rule ${JSON.stringify(rule)} must be a string starting with "/".`,
      'bad_rule',
    );
  }
  const parts: (string | RuleParam)[] = [];
  const params: RuleParam[] = [];
  let text = '';
  let index = 0;
  while (index < rule.length) {
    const char = rule[index] as string;
    if (char === '<') {
      PARAM.lastIndex = index;
      const match = PARAM.exec(rule);
      if (!match) {
        throw new SetupError(
          `Route rule ${JSON.stringify(rule)} has a malformed parameter at column ${index + 1}: ` +
            'expected <name> or <converter:name>, e.g. <int:id>.',
          'bad_rule',
        );
      }
      const [, convName = 'default', rawArgs, name = ''] = match;
      if (params.some((p) => p.name === name)) {
        throw new SetupError(
          `Route rule ${JSON.stringify(rule)} uses the parameter "${name}" twice.`,
          'bad_rule',
        );
      }
      const factory = converters[convName];
      if (!factory) {
        const known = Object.keys(converters).filter((k) => k !== 'default');
        throw new SetupError(
          `Route rule ${JSON.stringify(rule)} uses the unknown converter "${convName}". ` +
            `Known converters: ${known.join(', ')}; register others with app.converter(name, converter).`,
          'unknown_converter',
        );
      }
      const args =
        rawArgs === undefined ? [] : rawArgs.split(',').map((arg) => arg.trim().replace(/^['"]|['"]$/g, ''));
      if (text) parts.push(text);
      text = '';
      const param: RuleParam = { name, converter: factory(args), converterName: convName };
      parts.push(param);
      params.push(param);
      index = PARAM.lastIndex;
    } else if (char === '>' || char === ':' || char === '*' || char === '{' || char === '}') {
      throw new SetupError(
        `Route rule ${JSON.stringify(rule)} has "${char}" at column ${index + 1} outside a parameter; ` +
          'write parameters as <converter:name>.',
        'bad_rule',
      );
    } else {
      text += char;
      index += 1;
    }
  }
  if (text) parts.push(text);
  const { pattern, segmentSplitters } = compilePattern(parts);
  return {
    rule,
    parts,
    params,
    pattern,
    segmentSplitters,
    hasTrailingSlash: rule.length > 1 && rule.endsWith('/'),
  };
}

function compilePattern(parts: readonly (string | RuleParam)[]): {
  pattern: string;
  segmentSplitters: SegmentSplitter[];
} {
  // Split into path segments; a segment that is exactly one parameter maps to a Hono param,
  // a segment mixing text and parameters becomes one Hono param that Flagon splits itself.
  const segments: (string | RuleParam)[][] = [[]];
  for (const part of parts) {
    if (typeof part === 'string') {
      const pieces = part.split('/');
      pieces.forEach((piece, i) => {
        if (i > 0) segments.push([]);
        if (piece) segments[segments.length - 1]?.push(piece);
      });
    } else {
      segments[segments.length - 1]?.push(part);
    }
  }
  const splitters: SegmentSplitter[] = [];
  const out = segments.map((segment, i) => {
    if (segment.length === 1 && typeof segment[0] !== 'string' && segment[0]) {
      return `:${segment[0].name}{${nonCapturing(segment[0].converter.regex)}}`;
    }
    if (segment.every((piece) => typeof piece === 'string')) return segment.join('');
    const key = `__segment${i}`;
    const source = segment
      .map((piece) =>
        typeof piece === 'string' ? escapeRegex(piece) : `(${nonCapturing(piece.converter.regex)})`,
      )
      .join('');
    const params = segment.filter((piece): piece is RuleParam => typeof piece !== 'string');
    splitters.push({ key, regex: new RegExp(`^${source}$`), params });
    return `:${key}{${source.replace(/\((?!\?)/g, '(?:')}}`;
  });
  return { pattern: out.join('/') || '/', segmentSplitters: splitters };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function nonCapturing(regex: string): string {
  return regex.replace(/\((?!\?)/g, '(?:');
}

/**
 * Converts the raw strings captured by the router into typed values.
 * Returns undefined when a value does not convert (the route does not match).
 */
export function convertParams(
  rule: ParsedRule,
  paramMap: Readonly<Record<string, string | number>>,
  stash: readonly string[] | undefined,
): Record<string, unknown> | undefined {
  const values: Record<string, unknown> = {};
  if (rule.segmentSplitters.length > 0) {
    for (const splitter of rule.segmentSplitters) {
      const entry = paramMap[splitter.key];
      const text = stash
        ? entry === undefined
          ? undefined
          : stash[entry as number]
        : (entry as string | undefined);
      const match = text === undefined ? null : splitter.regex.exec(text);
      if (!match) return undefined;
      splitter.params.forEach((param, i) => {
        values[param.name] = match[i + 1];
      });
    }
  }
  const params = rule.params;
  for (let i = 0; i < params.length; i++) {
    const param = params[i] as RuleParam;
    const entry = paramMap[param.name];
    const text =
      (values[param.name] as string | undefined) ??
      (stash ? (entry === undefined ? undefined : stash[entry as number]) : (entry as string | undefined));
    if (text === undefined) return undefined;
    let value: unknown;
    try {
      value = param.converter.toValue(text.includes('%') ? decodeURIComponent(text) : text);
    } catch {
      return undefined;
    }
    if (value === NO_MATCH) return undefined;
    values[param.name] = value;
  }
  return values;
}
