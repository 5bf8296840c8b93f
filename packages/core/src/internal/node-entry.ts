// The specifier is built at run time so that bundlers cannot follow it: a bundle for Workers must
// not carry the Node server, whose `node:` imports would fail there at load.
const NODE_ENTRY = ['@flagon/core', 'node'].join('/');

/**
 * `@flagon/core/node`, imported when `app.listen()` is called (on Node, Bun or Deno). Throws an
 * error that says what to do where the package cannot be imported at run time (a bundle).
 */
export async function loadNodeEntry(): Promise<typeof import('../node.js')> {
  try {
    return await import(/* @vite-ignore */ NODE_ENTRY);
  } catch (error) {
    throw new Error(
      `app.listen() imports ${NODE_ENTRY} when it is called, and that failed: ${(error as Error).message}. ` +
        `In a bundle, import { listen } from '${NODE_ENTRY}' and call listen(app); on Workers, export app.fetch.`,
      { cause: error },
    );
  }
}
