import { type Context, sendFromDirectory } from '@flagon/core';

/**
 * The view that serves a blueprint's static files from `folder`, with core's safety rules
 * (traversal, encoded `..`, NUL bytes and symlinks out of the folder are a 404; so is every file
 * on a runtime without a file system).
 */
export function staticView(folder: string): (c: Context<never, { filename: string }>) => Promise<Response> {
  return function sendStaticFile(c) {
    return sendFromDirectory(c as unknown as Context, folder, c.params.filename);
  };
}
