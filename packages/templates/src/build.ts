import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import { type AutoescapeOption, autoescapeTest, DEFAULT_AUTOESCAPE } from './autoescape.js';
import type { Filter } from './filters.js';
import { BUILTIN_FILTERS } from './filters.js';
import { compileTemplate, type SyntaxOptions } from './internal/compile.js';
import { PRECOMPILED_FORMAT } from './precompiled.js';

/** Options of {@link buildTemplates} and {@link precompileTemplates}. */
export interface BuildTemplatesOptions {
  /** Folders in search order (the app's, then each blueprint's): `app.templateFolders`. */
  folders: readonly string[];
  /** Which templates escape `<%= %>`; must match the app's `templates({ autoescape })`. */
  autoescape?: AutoescapeOption;
  /** Your filters (or just their names): they become bare names in templates, as at run time. */
  filters?: Record<string, Filter> | readonly string[];
  /** Eta syntax, as in `templates({ syntax })`. */
  syntax?: SyntaxOptions;
  /** Keep each template's source in the module, for code frames in errors. Default false. */
  keepSource?: boolean;
}

/** What {@link precompileTemplates} produced. */
export interface PrecompiledSource {
  /** The ESM module's source. */
  code: string;
  /** Template names compiled, in the order written. */
  names: string[];
  /** Files skipped because a folder earlier in the search path has the same name. */
  shadowed: string[];
}

/** What {@link buildTemplates} wrote. */
export interface BuildTemplatesResult {
  /** The module file. */
  out: string;
  /** The declaration file written beside it, or null. */
  declarations: string | null;
  /** Templates compiled. */
  templates: number;
  /** Folders read. */
  folders: number;
  /** Files overridden by an earlier folder (not compiled). */
  shadowed: number;
}

/**
 * Compiles every template of the folders into the source of ONE ES module that exports
 * `format` and `templates` (name → compiled function). A name in an earlier folder shadows the
 * same name in later ones, as at run time. Throws `TemplateError` for the first syntax error.
 *
 * @example
 * ```ts
 * const { code, names } = await precompileTemplates({ folders: app.templateFolders });
 * ```
 */
export async function precompileTemplates(options: BuildTemplatesOptions): Promise<PrecompiledSource> {
  const autoescape = autoescapeTest(options.autoescape ?? DEFAULT_AUTOESCAPE);
  const filterNames = [
    ...Object.keys(BUILTIN_FILTERS),
    ...(Array.isArray(options.filters) ? options.filters : Object.keys(options.filters ?? {})),
  ];
  const seen = new Set<string>();
  const names: string[] = [];
  const shadowed: string[] = [];
  const entries: string[] = [];
  for (const folder of options.folders) {
    for (const file of await listFiles(folder)) {
      const name = relative(folder, file).split(sep).join('/');
      if (seen.has(name)) {
        shadowed.push(file);
        continue;
      }
      seen.add(name);
      const source = await readFile(file, 'utf8');
      const { code: factory } = compileTemplate(
        { template: name, file, source },
        filterNames,
        options.syntax,
      );
      names.push(name);
      entries.push(
        `  ${JSON.stringify(name)}: {\n    escape: ${autoescape(name)},\n    file: ${JSON.stringify(name)},\n` +
          (options.keepSource ? `    source: ${JSON.stringify(source)},\n` : '') +
          `    factory: ${factory},\n  },\n`,
      );
    }
  }
  const code =
    '// Precompiled by @flagon/templates. Do not edit: build it again (buildTemplates).\n' +
    `export const format = ${JSON.stringify(PRECOMPILED_FORMAT)};\n` +
    `export const templates = {\n${entries.join('')}};\n`;
  return { code, names, shadowed };
}

/**
 * Compiles every template of an app and its blueprints into one ES module at `out` (and a `.d.ts`
 * beside a `.js`/`.mjs` file), for runtimes without a file system:
 * `templates({ precompiled: await import('./templates.gen.js') })`. Returns counts.
 *
 * @example
 * ```ts
 * await buildTemplates({ folders: app.templateFolders, out: 'dist/templates.gen.js' });
 * ```
 */
export async function buildTemplates(
  options: BuildTemplatesOptions & { out: string },
): Promise<BuildTemplatesResult> {
  const { code, names, shadowed } = await precompileTemplates(options);
  await mkdir(dirname(options.out), { recursive: true });
  await writeFile(options.out, code);
  let declarations: string | null = null;
  const match = /\.(m?)js$/.exec(options.out);
  if (match) {
    declarations = `${options.out.slice(0, -match[0].length)}.d.${match[1]}ts`;
    await writeFile(
      declarations,
      "import type { PrecompiledTemplates } from '@flagon/templates';\n" +
        'export declare const format: string;\n' +
        "export declare const templates: PrecompiledTemplates['templates'];\n",
    );
  }
  return {
    out: options.out,
    declarations,
    templates: names.length,
    folders: options.folders.length,
    shadowed: shadowed.length,
  };
}

async function listFiles(folder: string): Promise<string[]> {
  let dirents: import('node:fs').Dirent[];
  try {
    dirents = await readdir(folder, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return dirents
    .filter((d) => d.isFile() && !d.name.startsWith('.'))
    .map((d) => `${d.parentPath}${sep}${d.name}`)
    .sort();
}
