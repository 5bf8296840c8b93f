/**
 * Where a `templateFolder` or `staticFolder` is: as given when absolute, else under `root`, else
 * under the working directory. The app and blueprints resolve their folders with it. It touches
 * no file system: on a runtime without a working directory (Workers) a folder without `root`
 * stays relative, and nothing reads it unless templates are loaded from files.
 *
 * @param root The app's or blueprint's folder (`import.meta.dirname`), or undefined.
 * @param folder A folder name, relative to `root` or absolute.
 * @returns The folder's path, joined with `/`.
 *
 * @example
 * ```ts
 * resolveFolder('/srv/app', 'templates'); // '/srv/app/templates'
 * resolveFolder('/srv/app', '/var/www'); // '/var/www'
 * ```
 */
export function resolveFolder(root: string | undefined, folder: string): string {
  if (folder.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(folder)) return folder;
  // Workers have a `process` without `cwd()` (or none): folders stay relative there.
  const proc = (globalThis as { process?: { cwd?: () => string } }).process;
  const base = root ?? (typeof proc?.cwd === 'function' ? proc.cwd() : '.');
  return `${base.replace(/[\\/]+$/, '')}/${folder}`;
}
