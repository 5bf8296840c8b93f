// `flagon serve --workers 2` on flaskr with PostgreSQL and Redis sessions, as real processes.
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freshDatabase } from './helpers.ts';

const ROOT = join(import.meta.dirname, '..');
const FLAGON = join(ROOT, 'node_modules', '.bin', 'flagon');
const REDIS_URL = process.env.FLAGON_TEST_REDIS ?? 'redis://127.0.0.1:6379/0';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request on a new connection (so the primary hands each to the next worker). */
function send(
  url: string,
  options: { method?: string; cookie?: string; form?: Record<string, string> } = {},
) {
  return new Promise<Answer>((resolve, reject) => {
    const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const req = request(url, { method: options.method ?? 'GET', headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on('error', reject);
    });
    // node:cluster's primary keeps a connection it was handing to a worker that died at that
    // instant open, unanswered: the client's own timeout ends it (as nginx's would).
    req.setTimeout(5000, () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}

function cookieOf(answer: Answer): string {
  const set = answer.headers['set-cookie'];
  const cookie = (Array.isArray(set) ? set : []).find((c) => c.startsWith('session='));
  if (!cookie) throw new Error(`no session cookie (status ${answer.status})`);
  return cookie.slice(0, cookie.indexOf(';'));
}

interface Served {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

function serve(env: Record<string, string>): Promise<Served> {
  const child = spawn(FLAGON, ['serve', '--workers', '2', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not serving after 45 s:\n${output}`)), 45_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = / \* Running on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] as string, output: () => output, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    exited.then((code) => reject(new Error(`flagon serve exited with ${code}:\n${output}`)));
  });
}

/** The outcome of one POST /create under load: a complete answer, or a connection error. */
interface Outcome {
  title: string;
  status?: number;
  pid?: string;
  error?: string;
}

/** `concurrency` loops creating posts, each on a new connection, until `stop()` or `limit` requests. */
function createPostsUnderLoad(url: string, cookie: string, tag: string, concurrency = 4, limit = 400) {
  const outcomes: Outcome[] = [];
  let stopped = false;
  let sent = 0;
  const loops = Array.from({ length: concurrency }, async (_, loop) => {
    while (!stopped && sent < limit) {
      const title = `${tag}-${loop}-${sent++}`;
      try {
        const answer = await send(`${url}/create`, { method: 'POST', cookie, form: { title, body: 'load' } });
        outcomes.push({ title, status: answer.status, pid: answer.headers['x-worker-pid'] as string });
      } catch (error) {
        outcomes.push({ title, error: (error as NodeJS.ErrnoException).code ?? String(error) });
      }
    }
  });
  return {
    outcomes,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
    done: Promise.all(loops),
  };
}

describe('flagon serve --workers 2: flaskr on PostgreSQL with Redis sessions', { timeout: 120_000 }, () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let served: Served;
  let cookie: string;
  const prefix = `flaskr:test:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`;
  const redis = new Redis(REDIS_URL);

  async function titles(tag: string): Promise<Set<string>> {
    const client = new pg.Client(database.url);
    await client.connect();
    const { rows } = await client.query<{ title: string }>('SELECT title FROM post WHERE title LIKE $1', [
      `${tag}-%`,
    ]);
    await client.end();
    return new Set(rows.map((r) => r.title));
  }

  async function workerPids(n = 12): Promise<Set<string>> {
    const pids = new Set<string>();
    for (let i = 0; i < n; i++)
      pids.add((await send(`${served.url}/`, { cookie })).headers['x-worker-pid'] as string);
    return pids;
  }

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    served = await serve({
      FLASKR_DATABASE_URL: database.url,
      FLASKR_REDIS_URL: REDIS_URL,
      FLASKR_REDIS_PREFIX: prefix,
      FLASKR_REPORT_WORKER_PID: 'true',
      FLASKR_SECRET_KEY: 'flaskr-serve-test-secret-0123456789abcdef',
      FLASKR_DEBUG: 'false',
    });
  }, 90_000);

  afterAll(async () => {
    served?.child.kill('SIGKILL');
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await database?.drop();
  }, 60_000);

  test('register and log in through one worker; the other worker sees the session; logout ends it everywhere', async () => {
    const register = await send(`${served.url}/auth/register`, {
      method: 'POST',
      form: { username: 'ada', password: 'lovelace' },
    });
    expect([register.status, register.headers.location]).toEqual([303, '/auth/login']);
    const login = await send(`${served.url}/auth/login`, {
      method: 'POST',
      form: { username: 'ada', password: 'lovelace' },
    });
    expect(login.status).toBe(303);
    cookie = cookieOf(login);
    const loginPid = login.headers['x-worker-pid'];
    expect(await redis.keys(`${prefix}*`)).toHaveLength(1);

    const seenBy = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const page = await send(`${served.url}/`, { cookie });
      expect(page.status).toBe(200);
      expect(page.body).toContain('<span>ada</span>');
      seenBy.add(page.headers['x-worker-pid'] as string);
    }
    expect(seenBy.size).toBe(2);
    expect([...seenBy].some((pid) => pid !== loginPid)).toBe(true);

    const other = await send(`${served.url}/auth/login`, {
      method: 'POST',
      form: { username: 'ada', password: 'lovelace' },
    });
    const logout = await send(`${served.url}/auth/logout`, { cookie: cookieOf(other) });
    expect(logout.status).toBe(302);
    for (let i = 0; i < 4; i++) {
      const page = await send(`${served.url}/`, { cookie: cookieOf(other) });
      expect(page.body).not.toContain('<span>ada</span>');
    }
  });

  test('SIGKILL of a worker under load: only requests on that worker fail, and it is replaced', async () => {
    const before = await workerPids();
    expect(before.size).toBe(2);
    const victim = [...before][0] as string;
    const load = createPostsUnderLoad(served.url, cookie, 'kill', 4, 240);
    while (load.outcomes.length < 40) await new Promise((r) => setTimeout(r, 20));
    process.kill(Number(victim), 'SIGKILL');
    await load.done;
    const failed = load.outcomes.filter((o) => o.error !== undefined);
    const answered = load.outcomes.filter((o) => o.status !== undefined);
    // At most one request per connection in flight, so at most `concurrency` on the killed worker.
    expect(failed.length).toBeLessThanOrEqual(4);
    for (const o of failed) expect(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']).toContain(o.error);
    expect(answered.every((o) => o.status === 303)).toBe(true);
    const stored = await titles('kill');
    for (const o of answered) expect(stored.has(o.title)).toBe(true);
    expect(served.output()).toContain(`Worker ${victim} died (signal SIGKILL); starting a new one in`);
    // The replacement starts after the restart delay and its own boot: ask until it answers.
    let after = await workerPids();
    for (const deadline = Date.now() + 15_000; after.size < 2 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 200));
      after = await workerPids();
    }
    expect(after.size).toBe(2);
    expect(after.has(victim)).toBe(false);
  });

  test('SIGTERM under load: every request a worker took is answered in full, then flagon exits 0', async () => {
    const load = createPostsUnderLoad(served.url, cookie, 'term', 4, 100_000);
    while (load.outcomes.length < 40) await new Promise((r) => setTimeout(r, 20));
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
    await load.stop();
    const answered = load.outcomes.filter((o) => o.status !== undefined);
    const failed = load.outcomes.filter((o) => o.error !== undefined);
    expect(answered.length).toBeGreaterThanOrEqual(40);
    expect(answered.every((o) => o.status === 303)).toBe(true);
    // Failures are connections the server no longer took: refused, or closed before it read them.
    for (const o of failed) expect(['ECONNREFUSED', 'ECONNRESET']).toContain(o.error);
    // Processed ⇔ answered: no post was created whose request went unanswered, none answered and lost.
    const stored = await titles('term');
    expect([...stored].sort()).toEqual(answered.map((o) => o.title).sort());
    expect(served.output()).toContain('SIGTERM received');
  });
});
