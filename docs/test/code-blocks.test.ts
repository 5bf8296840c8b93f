import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { readSnippet } from '../.vitepress/snippet.ts';
import { DOCS, REPO, read, writtenPages } from './site.ts';

const BLOCKS = join(DOCS, '.blocks');
const FLASKR = join(REPO, 'apps', 'flaskr');

interface Fence {
  page: string;
  line: number;
  lang: string;
  title: string | undefined;
  code: string;
}

/** The fenced code blocks of a page (``` or ~~~, with VitePress's `[title]`). */
function fencesOf(page: string): Fence[] {
  const lines = read(join(DOCS, page)).split('\n');
  const fences: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)\s*(?:\{[^}]*\})?\s*(?:\[([^\]]+)\])?/.exec(lines[i] ?? '');
    if (!open) continue;
    const [, indent = '', marker = '```', lang = '', title] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !(lines[j] ?? '').trim().startsWith(marker); j++)
      body.push((lines[j] ?? '').slice(indent.length));
    fences.push({ page, line: i + 1, lang, title, code: body.join('\n') });
    i = j;
  }
  return fences;
}

/** The `<<< @/path#region` includes of a page, resolved against the docs folder (VitePress's `@`). */
function includesOf(page: string): { page: string; line: number; file: string; region: string }[] {
  return read(join(DOCS, page))
    .split('\n')
    .flatMap((text, i) => {
      const match = /^\s*<<<\s+@\/(\S+?)(?:#([\w-]+))?(?:\{[^}]*\})?(?:\s.*)?$/.exec(text);
      return match ? [{ page, line: i + 1, file: join(DOCS, match[1] ?? ''), region: match[2] ?? '' }] : [];
    });
}

const TS_LANGS = new Set(['ts', 'typescript', 'tsx', 'js', 'javascript', 'mjs']);

describe('code on the site', () => {
  const pages = writtenPages();
  const tutorial = pages.filter((page) => page.startsWith('tutorial/'));

  test('every include names a file and region that exist', () => {
    const problems: string[] = [];
    for (const include of pages.flatMap(includesOf)) {
      try {
        readSnippet(include.file, include.region);
      } catch (error) {
        problems.push(`${include.page}:${include.line}: ${(error as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
    // The check itself: a region that does not exist is refused.
    expect(() => readSnippet(join(FLASKR, 'src', 'flaskr', 'auth.ts'), 'no-such-region')).toThrow(
      /Region "no-such-region" not found .*auth\.ts.*Regions there: blueprint/,
    );
  });

  test("the tutorial's included code is the real app's (apps/flaskr)", () => {
    const includes = tutorial.flatMap(includesOf);
    expect(includes.length).toBeGreaterThan(30);
    // The shared Chromium launch options are the one file from outside the app (see tutorial/tests.md).
    const shared = join(REPO, 'test-support', 'chromium.ts');
    for (const include of includes.filter((include) => include.file !== shared)) {
      expect(relative(FLASKR, include.file), `${include.page}:${include.line}`).not.toMatch(/^\.\./);
    }
    // Every source file of the app is shown somewhere in the tutorial.
    const shown = new Set(includes.map((include) => relative(FLASKR, include.file)));
    for (const file of [
      'config.ts',
      'run.ts',
      'instance/config.example.ts',
      'src/flaskr/index.ts',
      'src/flaskr/env.ts',
      'src/flaskr/models.ts',
      'src/flaskr/auth.ts',
      'src/flaskr/blog.ts',
      'src/flaskr/forms.ts',
      'src/flaskr/passwords.ts',
      'src/flaskr/static/style.css',
      'src/flaskr/templates/base.html',
      'src/flaskr/templates/auth/login.html',
      'src/flaskr/templates/auth/register.html',
      'src/flaskr/templates/blog/index.html',
      'src/flaskr/templates/blog/create.html',
      'src/flaskr/templates/blog/update.html',
      'test/helpers.ts',
      'test/factory.test.ts',
      'test/auth.test.ts',
      'test/blog.test.ts',
    ]) {
      expect(shown, `the tutorial never shows ${file}`).toContain(file);
    }
  });

  test("the tutorial's setup matches the real app's package.json and tsconfig.json", () => {
    const layout = read(join(DOCS, 'tutorial', 'layout.md'));
    const manifest = JSON.parse(read(join(FLASKR, 'package.json'))) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    const added = layout
      .split('\n')
      .filter((line) => line.startsWith('pnpm add '))
      .flatMap((line) => line.split(/\s+/).slice(2))
      .filter((word) => !word.startsWith('-'));
    for (const name of [...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies)]) {
      expect(added, `the tutorial never installs ${name}`).toContain(name);
    }
    for (const script of ['start', 'init-db', 'serve']) {
      expect(layout).toContain(`scripts.${script}="${manifest.scripts[script]}"`);
    }

    const block = fencesOf('tutorial/layout.md').find((fence) => fence.title === 'tsconfig.json');
    if (!block) throw new Error('tutorial/layout.md has no tsconfig.json block');
    const shown = JSON.parse(block.code) as { compilerOptions: Record<string, unknown>; include: string[] };
    const real = ts.getParsedCommandLineOfConfigFile(
      join(FLASKR, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    const converted = ts.convertCompilerOptionsFromJson(shown.compilerOptions, FLASKR);
    expect(converted.errors).toEqual([]);
    for (const [key, value] of Object.entries(converted.options)) {
      expect(real?.options[key], `tsconfig.json option ${key}`).toEqual(value);
    }
    const realConfig = JSON.parse(read(join(FLASKR, 'tsconfig.json'))) as { include: string[] };
    expect(shown.include).toEqual(realConfig.include);
  });

  test('every TypeScript block compiles with tsc', () => {
    const fences = pages.flatMap(fencesOf).filter((fence) => TS_LANGS.has(fence.lang));
    expect(fences.length).toBeGreaterThan(20);
    // The check itself: a tutorial block with a type error, which must be reported at its page and
    // line — and which type-checks against Flaskr's own models.ts (else the error would differ).
    const selfCheck: Fence = {
      page: 'tutorial/(self-check).md',
      line: 1,
      lang: 'ts',
      title: undefined,
      code: "import type { User } from './models.ts';\n\nexport const user: User = { id: 'one', username: 'a', password: 'b' };",
    };
    fences.push(selfCheck);
    // One folder per page, one file per block: a block titled [models.ts] is models.ts, so the
    // page's other blocks can import it. The tutorial's blocks sit, for TypeScript, in
    // src/flaskr/ of the real app (rootDirs), so `./models.ts` there is Flaskr's models.ts.
    rmSync(BLOCKS, { recursive: true, force: true });
    const written = new Map<string, Fence>();
    for (const fence of fences) {
      const folder = fence.page.startsWith('tutorial/')
        ? 'tutorial'
        : fence.page.replace(/\.md$/, '').replace(/\//g, '-');
      let name = fence.title ?? `block-${fence.line}.ts`;
      if (fence.lang.startsWith('j') || fence.lang === 'mjs') name = name.replace(/\.(?:c|m)?js$/, '.ts');
      let file = join(BLOCKS, folder, name);
      for (let n = 2; written.has(file); n++) file = join(BLOCKS, folder, name.replace(/\.ts$/, `.${n}.ts`));
      mkdirSync(dirname(file), { recursive: true });
      // A block without import or export is a script to TypeScript; make each one a module of its own.
      writeFileSync(
        file,
        `${fence.code}\n${/^\s*(?:import|export)\s/m.test(fence.code) ? '' : 'export {};\n'}`,
      );
      written.set(file, fence);
    }
    const base = ts.getParsedCommandLineOfConfigFile(
      join(DOCS, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => {},
      },
    );
    const program = ts.createProgram([...written.keys()], {
      ...base?.options,
      noEmit: true,
      allowImportingTsExtensions: true,
      rootDirs: [join(BLOCKS, 'tutorial'), join(FLASKR, 'src', 'flaskr')],
    });
    const errors = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      const fence = diagnostic.file && written.get(diagnostic.file.fileName);
      if (!diagnostic.file || diagnostic.start === undefined) return message;
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      const where = fence
        ? `${fence.page}:${fence.line + 1 + line}`
        : relative(REPO, diagnostic.file.fileName);
      return `${where}: ${message}`;
    });
    expect(errors).toEqual(["tutorial/(self-check).md:4: Type 'string' is not assignable to type 'number'."]);
  });
});
