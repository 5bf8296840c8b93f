import { defineProject } from 'vitest/config';

// templates/*/test/ are the generated projects' tests: they run inside a scaffolded project.
export default defineProject({
  test: { name: 'create-flagon', include: ['test/**/*.test.ts'] },
});
