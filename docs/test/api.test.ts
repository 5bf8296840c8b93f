import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { API, filesUnder, REPO, read } from './site.ts';

/** Each package's entry modules, as TypeDoc documents them (typedoc.json's packageOptions.entryPoints). */
function entryModules(): { pkg: string; dir: string; entry: string; module: string; multiple: boolean }[] {
  const config = JSON.parse(read(join(REPO, 'docs', 'typedoc.json'))) as { entryPoints: string[] };
  return config.entryPoints.flatMap((relativeDir) => {
    const dir = join(REPO, 'docs', relativeDir);
    const pkg = (JSON.parse(read(join(dir, 'package.json'))) as { name: string }).name;
    const entries = ['index', 'node', 'build'].filter((name) => existsSync(join(dir, 'src', `${name}.ts`)));
    return entries.map((module) => ({
      pkg,
      dir,
      entry: join(dir, 'src', `${module}.ts`),
      module,
      multiple: entries.length > 1,
    }));
  });
}

describe('the API reference', () => {
  const modules = entryModules();
  const program = ts.createProgram(
    modules.map((m) => m.entry),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2023,
      allowImportingTsExtensions: true,
      noEmit: true,
      skipLibCheck: true,
    },
  );
  const checker = program.getTypeChecker();

  test('covers every package and entry point', () => {
    expect(modules.map((m) => `${m.pkg}${m.module === 'index' ? '' : `/${m.module}`}`)).toEqual(
      expect.arrayContaining([
        '@flagon/core',
        '@flagon/core/node',
        '@flagon/config',
        '@flagon/blueprints',
        '@flagon/templates',
        '@flagon/templates/build',
        '@flagon/orm',
        '@flagon/forms',
        '@flagon/cli',
        'create-flagon',
      ]),
    );
  });

  test('has a page for every exported name', () => {
    const missing: string[] = [];
    let names = 0;
    for (const m of modules) {
      const source = program.getSourceFile(m.entry);
      const symbol = source && checker.getSymbolAtLocation(source);
      if (!symbol) throw new Error(`TypeScript could not read ${m.entry}`);
      // A name that two entry points of a package export (core's index and node) has one page, in either.
      const pages = new Set(filesUnder(join(API, m.pkg), '.md').map((page) => basename(page, '.md')));
      for (const exported of checker.getExportsOfModule(symbol)) {
        names += 1;
        if (!pages.has(exported.name)) missing.push(`${m.pkg} (${m.module}): ${exported.name}`);
      }
    }
    expect(missing).toEqual([]);
    expect(names).toBeGreaterThan(200);
  });
});
