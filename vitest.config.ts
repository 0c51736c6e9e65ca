import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // PGlite's start (WASM compile, initdb) in a beforeAll takes seconds, many more on a loaded 2-core machine.
    hookTimeout: 120_000,
    pool: 'forks',
    // vitest runs one fork per CPU minus one: on a 2-core CI machine, one file at a time. Most of the slow files
    // wait (on child processes, PostgreSQL, fixture servers), so three forks finish the suite in far less time.
    poolOptions: { forks: { minForks: 1, maxForks: 3 } },
  },
});
