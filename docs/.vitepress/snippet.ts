// Reads the code that a page includes with `<<< @/../apps/flaskr/src/flaskr/auth.ts#login`, so the
// tutorial shows the real app's code. Used by the site's config (to render) and by the tests (to check).
import { readFileSync } from 'node:fs';

/** A `#region name` or `#endregion name` line after `//`, `/*`, `<!--` or `#`. */
const MARKER = /^(?:\/\/|\/\*|<!--|#)\s*#?(end)?region\s+([\w-]+)\s*(?:\*\/|-->)?$/i;

/** An include whose file or region cannot be found: the page would show the wrong code. */
export class SnippetError extends Error {
  override name = 'SnippetError';
}

/**
 * The text of `file`, or of its region `region`, with every region marker line removed and the
 * common indentation taken off.
 *
 * @throws SnippetError when the file does not exist or has no such region.
 */
export function readSnippet(file: string, region = ''): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  } catch (error) {
    throw new SnippetError(`Included file ${file} cannot be read: ${(error as Error).message}`);
  }
  let lines = text.replace(/\n$/, '').split('\n');
  if (region) {
    const start = lines.findIndex((line) => isMarker(line, region, false));
    const end = lines.findIndex((line, i) => i > start && isMarker(line, region, true));
    if (start === -1 || end === -1) {
      const known = [...text.matchAll(/#region\s+([\w-]+)/g)].map((m) => m[1]);
      throw new SnippetError(
        `Region "${region}" not found in ${file} (it needs "// #region ${region}" and "// #endregion ${region}" lines). Regions there: ${known.join(', ') || 'none'}.`,
      );
    }
    lines = lines.slice(start + 1, end);
  }
  lines = lines.filter((line) => !MARKER.test(line.trim()));
  const indents = lines.filter((line) => line.trim()).map((line) => line.length - line.trimStart().length);
  const indent = Math.min(...indents, Number.POSITIVE_INFINITY);
  return lines.map((line) => line.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}

function isMarker(line: string, region: string, end: boolean): boolean {
  const match = MARKER.exec(line.trim());
  return match !== null && match[2] === region && Boolean(match[1]) === end;
}
