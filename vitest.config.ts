import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // PGlite's start (WASM compile, initdb) in a beforeAll takes seconds, many more on a loaded 2-core machine.
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
