import type { Extension, Flagon } from '@flagon/core';
import { type RedisSessionOptions, RedisSessionStore } from './redis-session-store.js';

/** The extension {@link redisSessions} returns. */
export interface RedisSessionsExtension extends Extension {
  /** The store it sets as `app.sessionStore`. */
  readonly store: RedisSessionStore;
}

/**
 * Keeps the app's sessions in Redis: `app.use(redisSessions({ url }))` sets `app.sessionStore`,
 * logs through `app.logger`, and closes the client on `app.shutdown()` (when the server stops).
 *
 * @throws {TypeError} for a bad `url`, `prefix` or timeout, naming it.
 * @example
 * ```ts
 * import { redisSessions } from '@flagon/redis';
 * app.use(redisSessions({ url: process.env.REDIS_URL, prefix: 'myapp:session:' }));
 * ```
 */
export function redisSessions(options: RedisSessionOptions = {}): RedisSessionsExtension {
  const store = new RedisSessionStore(options);
  return {
    name: 'redis-sessions',
    store,
    setup(app: Flagon) {
      app.sessionStore = store;
      store.logger = app.logger;
      app.onShutdown(() => store.close());
    },
  };
}
