// The extension

export type { TemplatesExtension, TemplatesOptions } from './templates.js';
export { rendererOf, templates } from './templates.js';

// Rendering outside a request

export type { AutoescapeOption } from './autoescape.js';
export { DEFAULT_AUTOESCAPE } from './autoescape.js';
export type { SyntaxOptions, TemplateFactory, TemplateFunction, TrimOption } from './internal/compile.js';
export type {
  CompiledTemplate,
  RenderState,
  TemplateFrame,
  TemplateLoader,
} from './internal/render-state.js';
export type { RendererOptions } from './renderer.js';
export { createRenderer, DEFAULT_RENDERER_OPTIONS, Renderer, renderString } from './renderer.js';

// Markup and escaping

export { escapeHtml, Markup, markup } from './markup.js';

// Filters and globals

export type { Filter, FormatDateOptions } from './filters.js';
export {
  BUILTIN_FILTERS,
  defaultValue,
  formatDate,
  json,
  lower,
  pluralize,
  title,
  truncate,
  upper,
} from './filters.js';
export type { StaticUrlOptions } from './static-url.js';
export { staticUrl } from './static-url.js';

// Errors

export type { TemplateErrorCode, TemplateErrorOptions } from './errors.js';
export { TemplateError, TemplateNotFoundError } from './errors.js';
export { checkTemplateName } from './template-name.js';

// Precompiled modules (build them with '@flagon/templates/build')

export type { PrecompiledTemplate, PrecompiledTemplates } from './precompiled.js';
export { PRECOMPILED_FORMAT } from './precompiled.js';
