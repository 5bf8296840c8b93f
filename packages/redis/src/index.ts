// Sessions in Redis

export type { RedisSessionOptions } from './redis-session-store.js';
export { REDIS_SESSION_DEFAULTS, RedisSessionStore, redisSessionStore } from './redis-session-store.js';
export type { RedisSessionsExtension } from './redis-sessions.js';
export { redisSessions } from './redis-sessions.js';
