// Creating a project

export type { MainOptions } from './main.ts';
export { main } from './main.ts';
export type { DatabaseKind, Layout, ScaffoldOptions } from './scaffold.ts';
export {
  checkScaffold,
  DATABASES,
  instanceConfig,
  LAYOUTS,
  projectManifest,
  ScaffoldError,
  scaffold,
  TEMPLATES_FOLDER,
} from './scaffold.ts';

// Names

export { envPrefix, packageNameProblem, unscopedName } from './package-name.ts';
export type { Prompter } from './prompt.ts';
export { terminalPrompter } from './prompt.ts';
export { flagonVersions, TOOL_VERSIONS } from './versions.ts';
