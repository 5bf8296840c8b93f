import type { CoreConfig } from '@flagon/core';
import type { Database } from '@flagon/orm';
import type { relations, tables, User } from './models.ts';

/** The database with flaskr's tables, as views see it on `c.db`. */
export type Db = Database<typeof tables, typeof relations>;

/** Flaskr's own configuration keys, next to Flagon's. */
export interface FlaskrConfig extends CoreConfig {
  SECRET_KEY: string;
  DATABASE_URL: string;
  /** Keep sessions in this Redis (`redis://host:port/db`); empty keeps them in signed cookies. */
  REDIS_URL: string;
  /** The Redis key prefix of flaskr's sessions. */
  REDIS_PREFIX: string;
  /** Add `X-Worker-Pid: <process.pid>` to every response (tests of `flagon serve`). */
  REPORT_WORKER_PID: boolean;
}

/** The types every view, hook and blueprint of flaskr shares. */
export type Env = {
  G: { user: User | null };
  Session: { userId?: number };
  Services: { db: Db };
  Config: FlaskrConfig;
};
