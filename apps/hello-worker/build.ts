// Builds the worker: precompiles the templates of the app and its blueprints, then bundles
// src/worker.ts with them into dist/worker.js, the one module workerd.capnp loads.
// Run with `node build.ts` (pnpm build).
import { buildTemplates } from '@flagon/templates/build';
import { build } from 'esbuild';
import { createApp } from './src/app.ts';

const root = import.meta.dirname;
// The folders in search order (the app's, then each blueprint's), read here on Node.
const { templateFolders } = createApp({ SECRET_KEY: 'build', root });
const written = await buildTemplates({ folders: templateFolders, out: `${root}/dist/templates.gen.js` });
console.log(`hello-worker: ${written.templates} templates from ${written.folders} folders`);

await build({
  entryPoints: [`${root}/src/worker.ts`],
  outfile: `${root}/dist/worker.js`,
  bundle: true,
  format: 'esm',
  // As wrangler does: a browser-like platform with the worker conditions, `node:` left external.
  platform: 'browser',
  conditions: ['workerd', 'worker', 'browser'],
  external: ['node:*'],
  target: 'es2024',
  // Endpoint names come from view function names: keep them as written.
  keepNames: true,
  logLevel: 'warning',
});
console.log('hello-worker: wrote dist/worker.js');
