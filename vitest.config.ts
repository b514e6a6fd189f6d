import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // a 2-core machine shared with other builds runs the suite too slowly for vitest's 5 s default;
    // property tests keep to a few seconds by their numRuns, not by a timeout that a busy machine trips
    testTimeout: 120_000,
    hookTimeout: 120_000,
    setupFiles: ['test/support/fast-check.ts'],
  },
});
