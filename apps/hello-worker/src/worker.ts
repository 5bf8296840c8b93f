// The worker's entry: `export default { fetch }`, as Workers (and workerd) call it. The app is
// built on the first request, from the bindings in `env`.
import * as precompiled from '../dist/templates.gen.js';
import { createApp } from './app.ts';

/** The bindings workerd.capnp (or wrangler.toml) gives the worker. */
interface Bindings {
  SECRET_KEY: string;
  GREETING?: string;
}

let app: ReturnType<typeof createApp> | undefined;

export default {
  fetch(request: Request, env: Bindings): Response | Promise<Response> {
    app ??= createApp({ SECRET_KEY: env.SECRET_KEY, GREETING: env.GREETING, precompiled });
    return app.fetch(request);
  },
};
