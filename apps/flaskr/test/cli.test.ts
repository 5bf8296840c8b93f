import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freshDatabase } from './helpers.ts';

const ROOT = join(import.meta.dirname, '..');
const FLAGON = join(ROOT, 'node_modules', '.bin', 'flagon');

function flagon(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(FLAGON, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('the flagon command in apps/flaskr', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase('sqlite');
  });
  afterAll(async () => {
    await database.drop();
  });

  test('flagon init-db drops and re-creates the schema', () => {
    const run = flagon(['init-db'], { FLASKR_DATABASE_URL: database.url });
    expect(run.err).toBe('');
    expect(run.out).toBe('Initialized the database.\n');
    expect(run.code).toBe(0);
  });

  test('flagon routes lists the tutorial routes', () => {
    const run = flagon(['routes'], { FLASKR_DATABASE_URL: database.url });
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^Endpoint\s+Methods\s+Rule\s*$/m);
    expect(run.out).toMatch(/^blog\.delete\s+POST\s+\/<int:id>\/delete\s*$/m);
    expect(run.out).toMatch(/^auth\.login\s+GET, POST\s+\/auth\/login\s*$/m);
  });

  test('flagon config shows each key with its source and redacts secrets', () => {
    const run = flagon(['config'], {
      FLASKR_DATABASE_URL: database.url,
      FLASKR_SECRET_KEY: 'very-secret-value-123',
    });
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^SECRET_KEY\s+\[redacted\]\s+env FLASKR_SECRET_KEY\s*$/m);
    expect(run.out).toMatch(/^DATABASE_URL\s+\S+\s+env FLASKR_DATABASE_URL\s*$/m);
    expect(run.out).not.toContain('very-secret-value-123');
  });
});
