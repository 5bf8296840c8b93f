import { createInterface } from 'node:readline/promises';

/** Asks questions on a terminal. */
export interface Prompter {
  /** Free text, with a default shown in brackets. */
  text(question: string, fallback: string): Promise<string>;
  /** One of `choices` (by number or name), the first by default. */
  choose<T extends string>(question: string, choices: readonly { value: T; label: string }[]): Promise<T>;
  close(): void;
}

/** A {@link Prompter} on stdin and stdout (node:readline). */
export function terminalPrompter(): Prompter {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  return {
    async text(question, fallback) {
      const answer = (await rl.question(`${question} (${fallback}) `)).trim();
      return answer || fallback;
    },
    async choose(question, choices) {
      const lines = choices.map((choice, i) => `  ${i + 1}) ${choice.label}`).join('\n');
      for (;;) {
        const answer = (await rl.question(`${question}\n${lines}\nChoose 1-${choices.length} (1) `)).trim();
        if (!answer && choices[0]) return choices[0].value;
        const byNumber = choices[Number(answer) - 1];
        const byName = choices.find((choice) => choice.value === answer);
        const chosen = byName ?? (/^\d+$/.test(answer) ? byNumber : undefined);
        if (chosen) return chosen.value;
        process.stdout.write(`"${answer}" is not one of the choices.\n`);
      }
    },
    close() {
      rl.close();
    },
  };
}
