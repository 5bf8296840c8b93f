import { request } from 'node:http';
import { afterAll, describe, expect, test } from 'vitest';
import { copyFixture, eventually, flagon, removeCopies, type Server, startFlagon } from './helpers.ts';

/** GET on a new connection each time, so that the primary hands it to the next worker. */
function get(url: string): Promise<{ status: number; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function pidsAnswering(server: Server, tries = 20): Promise<Set<string>> {
  const pids = new Set<string>();
  for (let i = 0; i < tries; i++) pids.add((await get(`${server.url}/`)).body);
  return pids;
}

describe('flagon serve', { timeout: 60_000 }, () => {
  afterAll(removeCopies);

  test('--workers 2 serves from two processes; SIGTERM finishes in-flight requests, runs shutdown hooks, exits 0', async () => {
    const dir = copyFixture('served');
    const server = await startFlagon(['serve', '--workers', '2', '--port', '0'], { cwd: dir });
    try {
      expect(server.output()).toContain("* Serving Flagon app 'served' (app.ts, app) with 2 workers");
      expect(server.output()).toContain('* Debug mode: off');
      const pids = await pidsAnswering(server);
      expect(pids.size).toBe(2);
      expect(pids).not.toContain(String(server.child.pid));
      const inFlight = [1, 2, 3, 4].map(() => get(`${server.url}/slow/1500`));
      await new Promise((resolve) => setTimeout(resolve, 400));
      server.child.kill('SIGTERM');
      for (const response of await Promise.all(inFlight)) {
        expect(response.status).toBe(200);
        expect(response.body).toMatch(/^slow \d+$/);
        expect(response.connection).toBe('close');
      }
      expect(await server.exited).toBe(0);
      for (const pid of pids) expect(server.output()).toContain(`shutdown hook ran in ${pid}`);
      await expect(get(`${server.url}/`)).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  test('a worker that dies is logged and replaced; the others keep serving', async () => {
    const dir = copyFixture('served');
    const server = await startFlagon(['serve', '--workers', '2', '--port', '0'], { cwd: dir });
    try {
      const before = await pidsAnswering(server);
      expect(before.size).toBe(2);
      const victim = [...before][0] as string;
      process.kill(Number(victim), 'SIGKILL');
      await eventually(async () =>
        server.output().includes(`Worker ${victim} died (signal SIGKILL); starting a new one in 100 ms`),
      );
      await eventually(async () => {
        const now = await pidsAnswering(server, 6);
        return now.size === 2 && !now.has(victim);
      }, 15_000);
      expect(server.output()).toMatch(/Worker \d+ is serving/);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
  });

  test.each([
    [['--workers', 'two'], '--workers must be a whole number from 1 to 1024, not "two"'],
    [['--workers', '0'], '--workers must be a whole number from 1 to 1024, not "0"'],
    [['--workers', '1.5'], '--workers must be a whole number from 1 to 1024, not "1.5"'],
    [['--port', '70000'], '--port must be a number from 0 to 65535, not "70000"'],
    [['--shutdown-timeout=0'], '--shutdown-timeout must be a positive number of seconds, not "0"'],
    [['--threads', '2'], "Unknown option '--threads'"],
  ])('bad input %j is a usage error (exit 2) that names it', async (args, message) => {
    const run = await flagon(['serve', ...args], { cwd: copyFixture('served') });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  test.each(['Dev', 'dev ', 'x', 'replace-me-with-a-long-random-value'])(
    'refuses to start with the weak SECRET_KEY %j, once, before any worker starts',
    async (key) => {
      const run = await flagon(['serve', '--workers', '2', '--port', '0'], {
        cwd: copyFixture('served'),
        env: { SERVED_SECRET_KEY: key },
      });
      expect(run.code).toBe(1);
      expect(run.stderr.match(/Refusing to start in production/g)).toHaveLength(1);
      expect(run.stderr).toContain(`node -e "console.log(crypto.randomBytes(32).toString('hex'))"`);
      expect(run.stderr).not.toContain('Running on');
    },
  );
});
