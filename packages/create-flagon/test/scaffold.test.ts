import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createFlagon, removeTempFolders, tempFolder } from './helpers.ts';

afterAll(removeTempFolders);

function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => statSync(join(dir, entry)).isFile())
    .map((entry) => entry.split('\\').join('/'))
    .sort();
}

function workspaceVersion(name: string): string {
  const manifest = resolve(import.meta.dirname, '../../', name.replace('@flagon/', ''), 'package.json');
  return `^${(JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version}`;
}

describe('create-flagon', { timeout: 30_000 }, () => {
  test('--template single writes the single-module layout', async () => {
    const cwd = tempFolder('single');
    const { code, stdout, stderr } = await createFlagon(
      ['my-app', '--template', 'single', '--no-install'],
      cwd,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const dir = join(cwd, 'my-app');
    expect(filesOf(dir)).toEqual([
      '.gitignore',
      'README.md',
      'app.ts',
      'config.ts',
      'instance/config.ts',
      'migrations/0001_create_message.ts',
      'package.json',
      'static/style.css',
      'templates/base.html',
      'templates/index.html',
      'test/app.test.ts',
      'tsconfig.json',
    ]);
    expect(stdout).toContain(`Creating a Flagon app in ${dir} (single layout, sqlite).`);
    expect(stdout).toContain('  created app.ts\n');
    expect(stdout).toContain('Done. Next:\n  cd my-app\n  npm install\n  npm run migrate');
  });

  test('--template package writes the package layout under src/<name>/', async () => {
    const cwd = tempFolder('package');
    const { code } = await createFlagon(['shop', '-t', 'package', '--db', 'postgres', '--no-install'], cwd);
    expect(code).toBe(0);
    const dir = join(cwd, 'shop');
    expect(filesOf(dir)).toEqual([
      '.gitignore',
      'README.md',
      'config.ts',
      'instance/config.ts',
      'migrations/0001_create_message.ts',
      'package.json',
      'run.ts',
      'src/shop/forms.ts',
      'src/shop/index.ts',
      'src/shop/models.ts',
      'src/shop/static/style.css',
      'src/shop/templates/base.html',
      'src/shop/templates/index.html',
      'src/shop/views.ts',
      'test/app.test.ts',
      'tsconfig.json',
    ]);
    expect(readFileSync(join(dir, 'run.ts'), 'utf8')).toContain("from './src/shop/index.ts'");
    expect(readFileSync(join(dir, 'instance/config.ts'), 'utf8')).toContain(
      "DATABASE_URL: 'postgres://shop:change-me@localhost:5432/shop'",
    );
  });

  test('package.json: the workspace versions of @flagon/*, the driver, start and test scripts', async () => {
    const cwd = tempFolder('manifest');
    await createFlagon(['a', '--no-install'], cwd);
    await createFlagon(['b', '--template', 'package', '--db', 'mysql', '--no-install'], cwd);
    const single = JSON.parse(readFileSync(join(cwd, 'a', 'package.json'), 'utf8'));
    expect(single.name).toBe('a');
    expect(single.scripts).toEqual({
      start: 'exec node app.ts',
      dev: 'flagon run --debug',
      migrate: 'flagon db migrate',
      test: 'vitest run',
      typecheck: 'tsc',
    });
    for (const name of ['@flagon/core', '@flagon/config', '@flagon/orm', '@flagon/templates']) {
      expect(single.dependencies[name]).toBe(workspaceVersion(name));
    }
    expect(single.devDependencies['@flagon/cli']).toBe(workspaceVersion('@flagon/cli'));
    expect(single.dependencies['better-sqlite3']).toMatch(/^\^13\./);
    const pkg = JSON.parse(readFileSync(join(cwd, 'b', 'package.json'), 'utf8'));
    expect(pkg.scripts.start).toBe('exec node run.ts');
    expect(pkg.dependencies.mysql2).toMatch(/^\^3\./);
    expect(pkg.devDependencies['better-sqlite3']).toMatch(/^\^13\./);
    expect(pkg.dependencies['@flagon/forms']).toBe(workspaceVersion('@flagon/forms'));
    expect(single.dependencies['@flagon/forms']).toBeUndefined();
  });

  test('instance/config.ts holds a fresh 32-byte SECRET_KEY, and .gitignore keeps instance/ out', async () => {
    const cwd = tempFolder('secret');
    await createFlagon(['one', '--no-install'], cwd);
    await createFlagon(['two', '--no-install'], cwd);
    const secret = (name: string) =>
      /SECRET_KEY: '([0-9a-f]+)'/.exec(readFileSync(join(cwd, name, 'instance/config.ts'), 'utf8'))?.[1];
    expect(secret('one')).toMatch(/^[0-9a-f]{64}$/);
    expect(secret('one')).not.toBe(secret('two'));
    expect(readFileSync(join(cwd, 'one', '.gitignore'), 'utf8').split('\n')).toContain('instance/');
  });

  test('every placeholder is filled in', async () => {
    const cwd = tempFolder('placeholders');
    await createFlagon(['@acme/web-shop', '--template', 'package', '--no-install'], cwd);
    const dir = join(cwd, 'web-shop');
    for (const file of filesOf(dir)) {
      expect(readFileSync(join(dir, file), 'utf8'), file).not.toMatch(/__[A-Z_]+__/);
    }
    expect(readFileSync(join(dir, 'src/web-shop/index.ts'), 'utf8')).toContain("envPrefix: 'WEB_SHOP'");
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name).toBe('@acme/web-shop');
  });
});

describe('create-flagon refuses bad input', { timeout: 30_000 }, () => {
  test('a folder that is not empty, writing nothing', async () => {
    const cwd = tempFolder('nonempty');
    mkdirSync(join(cwd, 'taken'));
    writeFileSync(join(cwd, 'taken', 'notes.txt'), 'mine');
    const { code, stderr, stdout } = await createFlagon(['taken', '--no-install'], cwd);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `Error: Refusing to write into ${join(cwd, 'taken')}: the folder is not empty (it has notes.txt). Choose a new folder, or empty this one.\n`,
    );
    expect(readdirSync(join(cwd, 'taken'))).toEqual(['notes.txt']);
  });

  test('an empty existing folder is fine', async () => {
    const cwd = tempFolder('emptyok');
    mkdirSync(join(cwd, 'fresh'));
    expect((await createFlagon(['fresh', '--no-install'], cwd)).code).toBe(0);
    expect(existsSync(join(cwd, 'fresh', 'app.ts'))).toBe(true);
  });

  test.each([
    ['My-App', 'it may not contain capital letters'],
    ['my app', 'it may not contain spaces'],
    ['.hidden', 'it may not start with a period'],
    ['_private', 'it may not start with an underscore'],
    ['fs', '"fs" is the name of a Node built-in module'],
    ['caf\u00e9', 'it may only contain lower-case letters, digits, "-", ".", "_" and "~" (not "\u00e9")'],
  ])('the name %j', async (name, reason) => {
    const cwd = tempFolder('badname');
    const { code, stderr } = await createFlagon(['--name', name, 'folder', '--no-install'], cwd);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `Error: "${name}" cannot be the package name: ${reason}. Use lower-case letters, digits and "-", e.g. "my-app".\n`,
    );
    expect(existsSync(join(cwd, 'folder'))).toBe(false);
  });

  test('a folder whose name is not a package name, without --name', async () => {
    const cwd = tempFolder('badfolder');
    const { code, stderr } = await createFlagon(['My Project', '--no-install'], cwd);
    expect(code).toBe(1);
    expect(stderr).toContain('"My Project" cannot be the package name: it may not contain spaces.');
  });

  test('unknown template, database or option, and no folder without a terminal', async () => {
    const cwd = tempFolder('usage');
    const template = await createFlagon(['x', '--template', 'big'], cwd);
    expect(template).toMatchObject({
      code: 2,
      stderr: 'Error: Unknown template "big": use single or package.\n',
    });
    const db = await createFlagon(['x', '--db', 'oracle'], cwd);
    expect(db.stderr).toBe('Error: Unknown database "oracle": use sqlite, postgres or mysql.\n');
    const option = await createFlagon(['x', '--force'], cwd);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("Unknown option '--force'");
    const none = await createFlagon([], cwd);
    expect(none).toMatchObject({
      code: 2,
      stderr: 'Error: give the project a folder: create-flagon my-app\n',
    });
    expect(relative(cwd, cwd)).toBe('');
    expect(readdirSync(cwd)).toEqual([]);
  });
});
