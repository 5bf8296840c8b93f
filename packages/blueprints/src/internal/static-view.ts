import type { Context } from '@flagon/core';

/**
 * The view that serves a blueprint's static files from `folder`, with core's safety rules
 * (traversal, encoded `..`, NUL bytes and symlinks out of the folder are a 404). The Node file
 * code is loaded on the first static request only.
 */
export function staticView(folder: string): (c: Context<never, { filename: string }>) => Promise<Response> {
  return async function sendStaticFile(c) {
    const { sendFromDirectory } = await import('@flagon/core/node');
    return sendFromDirectory(c as unknown as Context, folder, c.params.filename);
  };
}
