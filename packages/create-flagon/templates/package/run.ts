// Development entry: creates the app and serves it (`node run.ts`, or `flagon run --debug`
// to restart on changes).
import { listen } from '@flagon/core/node';
import { createApp } from './src/__APP_DIR__/index.ts';

const app = await createApp();
const server = await listen(app);
console.log(`Running on ${server.url} (Ctrl+C to quit)`);
