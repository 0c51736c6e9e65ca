import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // Opening PGlite (WASM compile, initdb) in a beforeAll takes seconds, past vitest's 10 s default on a loaded machine.
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
