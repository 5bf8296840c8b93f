import type { TemplateFactory } from './internal/compile.js';

/** The format tag of a precompiled module; the renderer refuses other formats. */
export const PRECOMPILED_FORMAT = 'flagon-templates@1';

/** One template of a precompiled module. */
export interface PrecompiledTemplate {
  /** Whether `<%= %>` escapes HTML (decided by the extension at build time). */
  readonly escape: boolean;
  /** The file it was built from, relative to its folder's parent, for error messages. */
  readonly file?: string;
  /** The source, when built with `keepSource` (code frames in errors). */
  readonly source?: string;
  /** The compiled template. */
  readonly factory: TemplateFactory;
}

/**
 * A module written by `buildTemplates()`: `import * as precompiled from './templates.js'` and
 * pass it to `templates({ precompiled })`. Stable format.
 */
export interface PrecompiledTemplates {
  readonly format: string;
  readonly templates: Readonly<Record<string, PrecompiledTemplate>>;
}
