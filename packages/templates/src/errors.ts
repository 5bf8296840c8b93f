/** What went wrong with a template. */
export type TemplateErrorCode = 'syntax_error' | 'render_error' | 'template_not_found' | 'invalid_name';

/** Where a template error happened, and the cause. */
export interface TemplateErrorOptions {
  code: TemplateErrorCode;
  /** The template's name (`blog/index.html`), or null for a string template. */
  template: string | null;
  /** The template's file (absolute path), or its name when it has no file. */
  file: string | null;
  line: number | null;
  column?: number | null;
  /** The template's source, for the code frame. */
  source?: string | undefined;
  cause?: unknown;
}

/**
 * An error in a template: a syntax error found when compiling, or an exception thrown while
 * rendering. It names the file and line, and `codeFrame` shows the offending line with a marker
 * (Flagon's debug page prints it). In production the app answers a plain 500.
 *
 * @example
 * ```ts
 * try { renderer.render('page.html', {}); }
 * catch (error) { if (error instanceof TemplateError) console.error(error.codeFrame); }
 * ```
 */
export class TemplateError extends Error {
  /** What went wrong. */
  readonly code: TemplateErrorCode;
  /** The template's name, or null for a string template. */
  template: string | null;
  /** The template's file, or its name when it has no file (precompiled, string). */
  file: string | null;
  /** 1-based line, or null when unknown. */
  line: number | null;
  /** 1-based column, or null when unknown. */
  column: number | null;
  /** The offending line(s) with a `>` marker (and a `^` under the column when known). */
  codeFrame: string;

  constructor(message: string, options: TemplateErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TemplateError';
    this.code = options.code;
    this.template = options.template;
    this.file = options.file;
    this.line = options.line;
    this.column = options.column ?? null;
    this.codeFrame = codeFrame(options.source, this.file, this.line, this.column);
  }
}

/**
 * A template that is in none of the folders searched. `searched` lists every folder (or
 * "precompiled module"), in order. When an `include()` or `layout()` asked for it, `file` and
 * `line` point at that call.
 */
export class TemplateNotFoundError extends TemplateError {
  /** The template name that was asked for. */
  readonly requested: string;
  /** The folders searched, in order. */
  readonly searched: readonly string[];

  constructor(name: string, searched: readonly string[]) {
    const where =
      searched.length === 0 ? '  (no template folders)' : searched.map((f) => `  ${f}`).join('\n');
    super(
      `Template "${name}" not found. Searched, in order:\n${where}\n` +
        'Check the name (it is a path relative to a templates folder, like "blog/index.html") and that the file exists.',
      { code: 'template_not_found', template: null, file: null, line: null },
    );
    this.name = 'TemplateNotFoundError';
    this.requested = name;
    this.searched = searched;
  }
}

/**
 * The lines around `line` with a `>` marker, and a `^` under `column` when known.
 *
 * ```
 *   2 | <ul>
 * > 3 |   <li><%= it.user.name %></li>
 *   4 | </ul>
 * ```
 */
export function codeFrame(
  source: string | undefined,
  file: string | null,
  line: number | null,
  column: number | null,
): string {
  const where = `${file ?? '(template)'}${line === null ? '' : `:${line}${column === null ? '' : `:${column}`}`}`;
  if (source === undefined || line === null) return `at ${where}`;
  const lines = source.split(/\r\n|\n|\r/);
  const first = Math.max(1, line - 2);
  const last = Math.min(lines.length, line + 2);
  const width = String(last).length;
  const out = [`at ${where}`];
  for (let n = first; n <= last; n++) {
    const gutter = `${n === line ? '>' : ' '} ${String(n).padStart(width)} |`;
    const text = lines[n - 1] ?? '';
    out.push(text ? `${gutter} ${text}` : gutter);
    if (n === line && column !== null) out.push(`  ${' '.repeat(width)} | ${' '.repeat(column - 1)}^`);
  }
  return out.join('\n');
}
