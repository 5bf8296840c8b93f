import { isAbsolute, resolve } from 'node:path';

/** The absolute path of a blueprint folder: as is when absolute, else under `root` or the cwd. */
export function resolveFolder(root: string | undefined, folder: string): string {
  if (isAbsolute(folder)) return resolve(folder);
  return resolve(root ?? process.cwd(), folder);
}
