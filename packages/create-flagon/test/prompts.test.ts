import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { main } from '../src/main.ts';
import type { Prompter } from '../src/prompt.ts';
import { removeTempFolders, tempFolder } from './helpers.ts';

afterAll(removeTempFolders);

/** A prompter that answers from a script and records the questions. */
function scripted(answers: string[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async text(question, fallback) {
      asked.push(question);
      return answers.shift() || fallback;
    },
    async choose(question, choices) {
      asked.push(question);
      const answer = answers.shift();
      return (choices.find((c) => c.value === answer) ?? choices[0])?.value as never;
    },
    close() {},
  };
}

test('in a terminal it asks for the folder, layout and database', async () => {
  const cwd = tempFolder('prompts');
  const prompter = scripted(['blog', 'package', 'postgres']);
  const lines: string[] = [];
  const code = await main(['--no-install'], {
    cwd,
    prompter,
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
  });
  expect(code).toBe(0);
  expect(prompter.asked).toEqual(['Project folder:', 'Which layout?', 'Which database?']);
  expect(existsSync(join(cwd, 'blog', 'src', 'blog', 'views.ts'))).toBe(true);
  expect(readFileSync(join(cwd, 'blog', 'package.json'), 'utf8')).toContain('"pg"');
  expect(lines[0]).toBe(`Creating a Flagon app in ${join(cwd, 'blog')} (package layout, postgres).`);
});

test('it asks again for a package name when the folder name is not one', async () => {
  const cwd = tempFolder('reprompt');
  const prompter = scripted(['my-blog']);
  const errors: string[] = [];
  const code = await main(['My Blog', '--template', 'single', '--db', 'sqlite', '--no-install'], {
    cwd,
    prompter,
    out: () => {},
    err: (l) => errors.push(l),
  });
  expect(code).toBe(0);
  expect(errors).toEqual(['"My Blog" cannot be the package name: it may not contain spaces.']);
  expect(prompter.asked).toEqual(['Package name:']);
  expect(JSON.parse(readFileSync(join(cwd, 'My Blog', 'package.json'), 'utf8')).name).toBe('my-blog');
});

test('flags skip the questions they answer', async () => {
  const cwd = tempFolder('flags');
  const prompter = scripted([]);
  await main(['site', '-t', 'single', '--db', 'mysql', '--no-install'], { cwd, prompter, out: () => {} });
  expect(prompter.asked).toEqual([]);
});
