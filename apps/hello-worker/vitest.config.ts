import { configDefaults, defineProject } from 'vitest/config';

// *.runtime.test.ts serve the bundle with workerd: they run when FLAGON_RUNTIMES=1 (.ci/run's
// runtimes step), and then only they run.
const runtimes = process.env.FLAGON_RUNTIMES === '1';

export default defineProject({
  test: {
    name: 'hello-worker',
    include: runtimes ? ['test/**/*.runtime.test.ts'] : ['test/**/*.test.ts'],
    exclude: runtimes ? configDefaults.exclude : [...configDefaults.exclude, 'test/**/*.runtime.test.ts'],
  },
});
