import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FIXTURES, flagon } from './helpers.ts';

const made: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('app commands', { timeout: 30_000 }, () => {
  test('run with an argument and options', async () => {
    expect(await flagon(['greet', 'World'])).toEqual({ code: 0, stdout: 'Hello, World!\n', stderr: '' });
    const shouted = await flagon(['greet', '--greeting', 'Howdy', 'Ada', '-s']);
    expect(shouted.stdout).toBe('HOWDY, ADA!\n');
  });

  test('a command has its own help', async () => {
    const { code, stdout } = await flagon(['greet', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: flagon greet [OPTIONS] name');
    expect(stdout).toMatch(/--greeting VALUE\s+the word to use \(default: Hello\)/);
    expect(stdout).toMatch(/-s, --shout\s+in capitals/);
  });

  test('a missing argument or unknown option is a usage error (exit 2)', async () => {
    const missing = await flagon(['greet']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'Error: flagon greet: missing argument name. Usage: flagon greet [OPTIONS] name\n',
    );
    const unknown = await flagon(['greet', 'x', '--loud']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--loud'");
  });

  test('a failing command exits 1 with one message; --verbose adds the stack', async () => {
    const quiet = await flagon(['fail']);
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toBe(
      'Error: the command failed on purpose\n(Run with --verbose to see the stack trace.)\n',
    );
    const verbose = await flagon(['--verbose', 'fail']);
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/at .*app\.ts:\d+/);
  });

  test('flagon --help lists built-in and app commands', async () => {
    const { code, stdout } = await flagon(['--help']);
    expect(code).toBe(0);
    for (const name of ['config', 'db', 'routes', 'run', 'shell', 'templates']) {
      expect(stdout).toMatch(new RegExp(`^  ${name}\\s+\\S`, 'm'));
    }
    expect(stdout).toContain('Commands of the app:');
    expect(stdout).toMatch(/^ {2}greet\s+Greet someone\.$/m);
  });

  test('no command prints the help and exits 2; --version prints the version', async () => {
    const none = await flagon([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toMatch(/^Usage: flagon \[--app PATH\[:EXPORT\]\]/);
    const version = await flagon(['--version']);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  test('an unknown command suggests the closest one and lists them all', async () => {
    const { code, stderr } = await flagon(['rotues']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'Error: Unknown command "rotues". Did you mean "routes"?\n' +
        'Commands: config, db, fail, greet, routes, run, serve, shell, templates.\n',
    );
    expect((await flagon(['gret'])).stderr).toContain('Did you mean "greet"?');
  });
});

describe('app discovery', { timeout: 30_000 }, () => {
  test('a folder with no app says what was tried', async () => {
    const empty = tempDir('flagon-empty-');
    const { code, stderr } = await flagon(['routes'], { cwd: empty, env: { FLAGON_APP: '' } });
    expect(code).toBe(1);
    expect(stderr).toContain(`Error: Could not find a Flagon app in ${empty}. Tried:`);
    expect(stderr).toContain(
      '  - app.ts: no such file\n  - app.js: no such file\n  - src/*/index.ts: no such file\n',
    );
    expect(stderr).toContain('Pass --app path[:export] or set FLAGON_APP');
  });

  test('a module without an app names the exports it tried and those it has', async () => {
    const dir = tempDir('flagon-noapp-');
    writeFileSync(join(dir, 'app.ts'), 'export const answer: number = 42;\n');
    const { code, stderr } = await flagon(['routes'], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr).toContain('  - app.ts: no Flagon app in createApp(), app, default (it exports answer)');
  });

  test('--app names a file that does not exist', async () => {
    const { code, stderr } = await flagon(['--app', 'nope.ts', 'routes']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Error: Could not find the app: --app "nope.ts" names no file/);
  });

  test('an import error names the file and the reason', async () => {
    const dir = tempDir('flagon-broken-');
    writeFileSync(join(dir, 'app.ts'), "throw new Error('boom at import');\n");
    const { code, stderr } = await flagon(['routes'], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr.split('\n')[0]).toBe('Error: Could not import app.ts: boom at import');
  });

  test('src/*/index.ts with an async createApp() is found; FLAGON_APP and --app path:export too', async () => {
    const shop = join(FIXTURES, 'shop');
    expect((await flagon(['routes'], { cwd: shop })).stdout).toContain('home       GET      /');
    const viaEnv = await flagon(['routes'], {
      cwd: FIXTURES,
      env: { FLAGON_APP: 'shop/src/shop/index.ts:createApp' },
    });
    expect(viaEnv.stdout).toContain('debugFlag');
    const viaFlag = await flagon(['--app', 'blog/app.ts:app', 'routes'], { cwd: FIXTURES });
    expect(viaFlag.stdout).toContain('showPost');
    const wrongExport = await flagon(['--app', 'blog/app.ts:posts', 'routes'], { cwd: FIXTURES });
    expect(wrongExport.stderr).toContain('blog/app.ts: no Flagon app in posts');
  });

  test('a factory that returns something else is named', async () => {
    const dir = tempDir('flagon-factory-');
    mkdirSync(join(dir, 'src', 'thing'), { recursive: true });
    writeFileSync(join(dir, 'src', 'thing', 'index.ts'), 'export function createApp() { return 42; }\n');
    const { stderr } = await flagon(['routes'], { cwd: dir });
    expect(stderr).toBe('Error: createApp() returned a number, not a Flagon app.\n');
  });
});

describe('flagon config', { timeout: 30_000 }, () => {
  test('without loadConfig: every key, secrets and URL passwords redacted, sources "app" and "core defaults"', async () => {
    const { code, stdout } = await flagon(['config']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^SECRET_KEY\s+\[redacted\]\s+app$/m);
    expect(stdout).toMatch(/^MAIL_URL\s+smtp:\/\/mailer:\[redacted\]@mail\.example\.com\s+app$/m);
    expect(stdout).toMatch(/^SESSION_COOKIE_NAME\s+session\s+core defaults$/m);
    expect(stdout).not.toContain('blog-fixture-secret');
    expect(stdout).not.toContain('hunter2');
  });

  test("without loadConfig: @flagon/config's rule hides secret keys, DSNs, URL tokens and passwords", async () => {
    const { code, stdout } = await flagon(['config'], { cwd: join(FIXTURES, 'secrets') });
    expect(code).toBe(0);
    for (const key of ['SECRET_KEY', 'DB_PWD', 'PASSWD', 'API_TOKEN', 'PRIVATE_KEY', 'SENTRY_DSN']) {
      expect(stdout).toMatch(new RegExp(`^${key}\\s+\\[redacted\\]\\s+app$`, 'm'));
    }
    expect(stdout).toMatch(/^DATABASE_URL\s+postgres:\/\/u:\[redacted\]@db\.example\/app\s+app$/m);
    expect(stdout).toMatch(/^CACHE_URL\s+redis:\/\/:\[redacted\]@cache\.example:6379\/0\s+app$/m);
    expect(stdout).toMatch(/^GIT_URL\s+https:\/\/\[redacted\]@git\.example\/repo\.git\s+app$/m);
    expect(stdout).toMatch(
      /^WEBHOOK_URL\s+https:\/\/hooks\.example\/x\?token=\[redacted\]&channel=ops\s+app$/m,
    );
    expect(stdout).toMatch(/^PORT_NUMBER\s+8080\s+app$/m);
    expect(stdout).not.toContain('fixture-');
    const explained = await flagon(['config', '--explain', 'DB_PWD'], { cwd: join(FIXTURES, 'secrets') });
    expect(explained.stdout).toBe('DB_PWD = [redacted] (from app)\n');
  });

  test('with loadConfig: each key with the file or variable that set it', async () => {
    const shop = join(FIXTURES, 'shop');
    const { stdout } = await flagon(['config'], { cwd: shop, env: { SHOP_SHOP_NAME: 'From Env' } });
    expect(stdout).toMatch(/^SECRET_KEY\s+\[redacted\]\s+instance\/config\.ts$/m);
    expect(stdout).toMatch(
      /^DATABASE_URL\s+postgres:\/\/shop:\[redacted\]@db\.example\.com\/shop\s+config\.ts$/m,
    );
    expect(stdout).toMatch(/^SHOP_NAME\s+From Env\s+env SHOP_SHOP_NAME$/m);
    expect(stdout).toMatch(/^DEBUG\s+false\s+defaults$/m);
    expect(stdout).not.toContain('shop-instance-secret');
    expect(stdout).not.toContain('s3cret-pass');
  });

  test('--explain KEY lists every source, the winner last', async () => {
    const shop = join(FIXTURES, 'shop');
    const { stdout } = await flagon(['config', '--explain', 'SECRET_KEY'], { cwd: shop });
    expect(stdout.split('\n').slice(2, 5)).toEqual([
      'SECRET_KEY  [redacted]  defaults',
      'SECRET_KEY  [redacted]  instance/config.ts',
      'SECRET_KEY = [redacted] (from instance/config.ts)',
    ]);
    const typo = await flagon(['config', '--explain', 'SECRT_KEY'], { cwd: shop });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('Did you mean SECRET_KEY?');
    const core = await flagon(['config', '--explain', 'SESSION_COOKIE_NAME'], { cwd: shop });
    expect(core.stdout).toBe('SESSION_COOKIE_NAME = session (from core defaults)\n');
  });
});

describe('flagon shell', { timeout: 30_000 }, () => {
  test('has app, config, db and tables, and top-level await', async () => {
    const { code, stdout, stderr } = await flagon(['shell'], {
      input:
        'app.name\nconfig.POSTS_PER_PAGE\nawait db.createAll(); await db.posts.count()\nposts.name\n.exit\n',
    });
    expect(code).toBe(0);
    expect(stderr).toContain("Flagon shell: app 'blog' from app.ts (app).");
    expect(stderr).toContain('Defined: app, config, db, posts');
    expect(stdout).toContain("'blog'");
    expect(stdout).toContain('10');
    expect(stdout).toContain("'post'");
    expect(stdout).toMatch(/flagon> 0\b|^0$/m);
  });
});
