import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // The JSON results let .ci/run print a one-line "N passed, N failed" summary.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-output/vitest-results.json' },
  },
});
