import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@flagon/docs',
    // Only the site's own tests: the code blocks extracted into .blocks/ are compiled, never run.
    include: ['test/**/*.test.ts'],
  },
});
