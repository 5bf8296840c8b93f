// Node-only parts of Flagon: serving, and files from disk.

export type { ListenOptions, RunningServer } from './node/node-server.js';
// Serving
export { listen } from './node/node-server.js';
export type { SendFileOptions } from './node/static-files.js';
// Files
export { contentType, safeJoin, sendFile, sendFromDirectory } from './node/static-files.js';
