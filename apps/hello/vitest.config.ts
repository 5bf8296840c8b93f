import { configDefaults, defineProject } from 'vitest/config';

// *.runtime.test.ts serve the app with Bun and Deno: they run when FLAGON_RUNTIMES=1 (.ci/run's
// runtimes step), and then only they run.
const runtimes = process.env.FLAGON_RUNTIMES === '1';

export default defineProject({
  test: {
    name: 'hello',
    include: runtimes ? ['test/**/*.runtime.test.ts'] : ['test/**/*.test.ts'],
    exclude: runtimes ? configDefaults.exclude : [...configDefaults.exclude, 'test/**/*.runtime.test.ts'],
  },
});
