import { defineConfig } from 'vitest/config';

// The slow suite (npm run test:slow): exhaustive checks too long for `npm test`.
// .ci/run runs it under a time bound; each file runs in its own worker.
export default defineConfig({
  test: {
    include: ['test/slow/**/*.test.ts'],
    testTimeout: 60 * 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-output/vitest-slow-results.json' },
  },
});
