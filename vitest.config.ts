import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/slow/: the exhaustive suite, run by `npm run test:slow` (vitest.slow.config.ts).
    exclude: [...configDefaults.exclude, 'test/slow/**'],
    testTimeout: 60_000,
    // The JSON results let .ci/run print a one-line "N passed, N failed" summary.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-output/vitest-results.json' },
  },
});
