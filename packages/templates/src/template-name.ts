import { TemplateError } from './errors.js';

/**
 * Checks a template name: a relative path with `/` separators, like `blog/index.html`.
 * Throws `TemplateError` (code `invalid_name`) for an empty name, an absolute path, a `..`
 * segment, a backslash or a NUL byte, so that names can never leave the template folders.
 */
export function checkTemplateName(name: string): void {
  let problem: string | undefined;
  if (typeof name !== 'string' || name === '') problem = 'it is empty';
  else if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) problem = 'it is an absolute path';
  else if (name.includes('\\')) problem = 'it contains a backslash (use / between folders)';
  else if (name.includes('\0')) problem = 'it contains a NUL byte';
  else if (name.split('/').some((part) => part === '..')) problem = 'it contains a ".." segment';
  if (problem !== undefined) {
    throw new TemplateError(
      `Refusing the template name ${JSON.stringify(name)}: ${problem}. ` +
        'Template names are paths relative to a templates folder, like "blog/index.html".',
      { code: 'invalid_name', template: null, file: null, line: null },
    );
  }
}

/** The name's extension in lower case, with its dot (`.html`), or ''. */
export function extensionOf(name: string): string {
  const slash = name.lastIndexOf('/');
  const dot = name.lastIndexOf('.');
  return dot > slash + 1 ? name.slice(dot).toLowerCase() : '';
}
