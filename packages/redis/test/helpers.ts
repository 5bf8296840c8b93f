import { connect, createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';

/** The Redis the tests use; each test file works under its own key prefix and removes it. */
export const REDIS_URL = process.env.FLAGON_TEST_REDIS ?? 'redis://127.0.0.1:6379/0';

/** A key prefix of this test run's own. */
export function testPrefix(): string {
  return `flagon:test:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`;
}

/** Deletes every key under `prefix`. */
export async function removeKeys(prefix: string): Promise<void> {
  const admin = new Redis(REDIS_URL);
  try {
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
  } finally {
    await admin.quit();
  }
}

/** A port on 127.0.0.1 that nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A TCP proxy to the real Redis that can stall: while stalled it holds what clients send, so
 * Redis looks alive but answers nothing (a slow Redis); `resume()` lets it all through.
 */
export async function stallingProxy(target = REDIS_URL) {
  const { hostname, port } = new URL(target);
  let stalled = false;
  const held: { socket: Socket; chunk: Buffer }[] = [];
  const upstreams = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port || 6379), hostname);
    upstreams.add(upstream);
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('data', (chunk) => {
      if (stalled) held.push({ socket: upstream, chunk });
      else upstream.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      upstreams.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: proxyPort } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${proxyPort}${new URL(target).pathname}`,
    stall: () => {
      stalled = true;
    },
    resume: () => {
      stalled = false;
      for (const { socket, chunk } of held.splice(0)) socket.write(chunk);
    },
    close: () => {
      for (const upstream of upstreams) upstream.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
