import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { envPrefix, packageNameProblem, unscopedName } from './package-name.ts';
import { flagonVersions, TOOL_VERSIONS } from './versions.ts';

/** The two layouts of shared/DESIGN.md. */
export type Layout = 'single' | 'package';
/** The databases a project can start with. */
export type DatabaseKind = 'sqlite' | 'postgres' | 'mysql';

export const LAYOUTS: readonly Layout[] = Object.freeze(['single', 'package']);
export const DATABASES: readonly DatabaseKind[] = Object.freeze(['sqlite', 'postgres', 'mysql']);

/** Options of {@link scaffold}. */
export interface ScaffoldOptions {
  /** The folder to create (or an empty one to fill). */
  directory: string;
  /** The npm package name. */
  name: string;
  layout: Layout;
  database: DatabaseKind;
  /**
   * Ranges to write for `@flagon/*` packages instead of the versions this create-flagon was
   * released with, e.g. `{ '@flagon/core': 'workspace:^' }` inside the Flagon repository.
   */
  versions?: Readonly<Record<string, string>>;
  /** Called with each file's path relative to `directory`, as it is written. */
  onFile?: (file: string) => void;
}

/** Why a scaffold was refused. */
export class ScaffoldError extends Error {
  readonly code: 'bad_name' | 'not_empty' | 'bad_option';

  constructor(code: ScaffoldError['code'], message: string) {
    super(message);
    this.name = 'ScaffoldError';
    this.code = code;
  }
}

/** Where the layouts' files are: `templates/` in this package. */
export const TEMPLATES_FOLDER = fileURLToPath(new URL('../templates', import.meta.url));

const DATABASE_URLS: Record<DatabaseKind, (name: string) => string> = {
  sqlite: (name) => `sqlite:${name}.db`,
  postgres: (name) => `postgres://${name}:change-me@localhost:5432/${name}`,
  mysql: (name) => `mysql://${name}:change-me@localhost:3306/${name}`,
};

const DRIVERS: Record<DatabaseKind, keyof typeof TOOL_VERSIONS> = {
  sqlite: 'better-sqlite3',
  postgres: 'pg',
  mysql: 'mysql2',
};

/** Files whose names npm would not publish, stored under another name. */
const RENAMED: Record<string, string> = { gitignore: '.gitignore' };

function sorted(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** The package.json of a new project. */
export function projectManifest(
  options: Pick<ScaffoldOptions, 'name' | 'layout' | 'database' | 'versions'>,
): object {
  const flagon = { ...flagonVersions(), ...options.versions };
  const driver = DRIVERS[options.database];
  const dependencies: Record<string, string> = { [driver]: TOOL_VERSIONS[driver] };
  const packages = ['@flagon/config', '@flagon/core', '@flagon/orm', '@flagon/templates'];
  // The package layout's forms.ts uses @flagon/forms (forms and CSRF protection).
  if (options.layout === 'package') packages.push('@flagon/forms');
  for (const name of packages) {
    dependencies[name] = flagon[name] ?? 'latest';
  }
  const devDependencies: Record<string, string> = {
    '@flagon/cli': flagon['@flagon/cli'] ?? 'latest',
    '@types/node': TOOL_VERSIONS['@types/node'],
    typescript: TOOL_VERSIONS.typescript,
    vitest: TOOL_VERSIONS.vitest,
  };
  // The tests run on in-memory SQLite whatever the database.
  if (driver !== 'better-sqlite3') devDependencies['better-sqlite3'] = TOOL_VERSIONS['better-sqlite3'];
  return {
    name: options.name,
    version: '0.1.0',
    private: true,
    type: 'module',
    engines: { node: '>=22.18' },
    scripts: {
      // exec: the shell becomes node, so a SIGTERM from the package manager reaches the server.
      start: options.layout === 'single' ? 'exec node app.ts' : 'exec node run.ts',
      dev: 'flagon run --debug',
      migrate: 'flagon db migrate',
      test: 'vitest run',
      typecheck: 'tsc',
    },
    dependencies: sorted(dependencies),
    devDependencies: sorted(devDependencies),
  };
}

/** The per-machine instance/config.ts: a fresh SECRET_KEY, the database URL, debug on. */
export function instanceConfig(
  name: string,
  database: DatabaseKind,
  secret = randomBytes(32).toString('hex'),
): string {
  return `// Settings for this machine only: instance/ is kept out of version control (.gitignore).
// On a server, put real values here or in ${envPrefix(name)}_* environment variables.
export default {
  SECRET_KEY: '${secret}',
  DATABASE_URL: '${DATABASE_URLS[database](unscopedName(name))}',
  DEBUG: true,
};
`;
}

function listTemplateFiles(folder: string, base = folder): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? listTemplateFiles(path, base) : [relative(base, path)];
  });
}

/**
 * Throws the {@link ScaffoldError} that {@link scaffold} would, before anything is written: a
 * bad name, an unknown layout or database, or a folder that is not empty (`.git` aside).
 */
export function checkScaffold(
  options: Pick<ScaffoldOptions, 'directory' | 'name' | 'layout' | 'database'>,
): void {
  const problem = packageNameProblem(options.name);
  if (problem) {
    throw new ScaffoldError(
      'bad_name',
      `"${options.name}" cannot be the package name: ${problem}. Use lower-case letters, digits and "-", e.g. "my-app".`,
    );
  }
  if (!LAYOUTS.includes(options.layout)) {
    throw new ScaffoldError('bad_option', `Unknown template "${options.layout}": use single or package.`);
  }
  if (!DATABASES.includes(options.database)) {
    throw new ScaffoldError(
      'bad_option',
      `Unknown database "${options.database}": use sqlite, postgres or mysql.`,
    );
  }
  const { directory } = options;
  if (existsSync(directory)) {
    const entries = readdirSync(directory).filter((entry) => entry !== '.git');
    if (entries.length > 0) {
      const shown = entries.slice(0, 4).join(', ') + (entries.length > 4 ? ', …' : '');
      throw new ScaffoldError(
        'not_empty',
        `Refusing to write into ${directory}: the folder is not empty (it has ${shown}). Choose a new folder, or empty this one.`,
      );
    }
  }
}

/**
 * Writes a new project in one of the two layouts: the layout's files with the name filled in,
 * package.json, and instance/config.ts with a fresh SECRET_KEY.
 *
 * @throws {ScaffoldError} `bad_name` for a name npm refuses, `not_empty` for a folder with files.
 * @example
 * ```ts
 * await scaffold({ directory: 'my-app', name: 'my-app', layout: 'package', database: 'sqlite' });
 * ```
 */
export function scaffold(options: ScaffoldOptions): string[] {
  checkScaffold(options);
  const { directory } = options;
  const folder = unscopedName(options.name);
  const values: Record<string, string> = {
    __APP_NAME__: options.name,
    __APP_DIR__: folder,
    __ENV_PREFIX__: envPrefix(options.name),
    __DATABASE__: options.database,
  };
  const written: string[] = [];
  const write = (file: string, content: string) => {
    const target = join(directory, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content, { flag: 'wx' });
    written.push(file);
    options.onFile?.(file);
  };
  const source = join(TEMPLATES_FOLDER, options.layout);
  for (const file of listTemplateFiles(source).sort()) {
    const parts = file.split(/[\\/]/);
    const last = parts.at(-1) as string;
    parts[parts.length - 1] = RENAMED[last] ?? last;
    if (options.layout === 'package' && parts[0] === 'src' && parts[1] === 'app') parts[1] = folder;
    const text = readFileSync(join(source, file), 'utf8').replace(
      /__(?:APP_NAME|APP_DIR|ENV_PREFIX|DATABASE)__/g,
      (token) => values[token] ?? token,
    );
    write(parts.join('/'), text);
  }
  write('package.json', `${JSON.stringify(projectManifest(options), null, 2)}\n`);
  write('instance/config.ts', instanceConfig(options.name, options.database));
  return written;
}
