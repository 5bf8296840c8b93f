import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { copyFixture, flagon, removeCopies } from './helpers.ts';

describe('flagon templates build', { timeout: 30_000 }, () => {
  afterAll(removeCopies);
  test('compiles every template into one module and reports the counts', async () => {
    const dir = copyFixture('blog');
    const { code, stdout } = await flagon(['templates', 'build'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toBe(
      'Compiling templates from 1 folder(s):\n  templates\n' +
        'Wrote templates.gen.js: 2 template(s) from 1 folder(s).\nWrote templates.gen.d.ts.\n',
    );
    const built = (await import(pathToFileURL(join(dir, 'templates.gen.js')).href)) as {
      templates: Record<string, unknown>;
    };
    expect(Object.keys(built.templates).sort()).toEqual(['base.html', 'index.html']);
  });

  test('--out chooses the file; an unknown subcommand is a usage error', async () => {
    const dir = copyFixture('blog');
    const { stdout } = await flagon(['templates', 'build', '--out', 'dist/t.mjs'], { cwd: dir });
    expect(stdout).toContain('Wrote dist/t.mjs: 2 template(s)');
    expect(existsSync(join(dir, 'dist', 't.d.mts'))).toBe(true);
    const bad = await flagon(['templates', 'compile'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('Error: Unknown templates subcommand "compile": use build.\n');
  });
});
