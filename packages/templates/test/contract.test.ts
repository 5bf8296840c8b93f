import { fromFolders, fromPrecompiled, runRendererContract } from './renderer-contract.ts';

runRendererContract('folders, cached', fromFolders());
runRendererContract('folders, no cache', fromFolders({ cache: false }));
runRendererContract('precompiled module', fromPrecompiled, { syntaxAtBuild: true });
