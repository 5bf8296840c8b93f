import type { FlagonOptions } from './extension-types.js';
import { resolveFolder } from './folders.js';
import { sendFromDirectory } from './node/static-files.js';
import type { View } from './view-types.js';

/** The folders an app resolves from its options: templates and static files, against `root`. */
export function appFolders(options: FlagonOptions<never>): {
  templateFolder: string | null;
  staticFolder: string | null;
  staticUrlPath: string;
} {
  const templates = options.templateFolder === undefined ? 'templates' : options.templateFolder;
  const statics = options.staticFolder === undefined ? 'static' : options.staticFolder;
  return {
    templateFolder: templates === null ? null : resolveFolder(options.root, templates),
    staticFolder: statics === null ? null : resolveFolder(options.root, statics),
    staticUrlPath: (options.staticUrlPath ?? '/static').replace(/\/+$/, ''),
  };
}

/**
 * The view of an app's static route. Files are read through `node:` modules loaded on the first
 * static request; without a file system (Workers) every static file is a 404.
 */
export function staticView(folder: string): View {
  return (c) => sendFromDirectory(c, folder, c.params.filename as string);
}
