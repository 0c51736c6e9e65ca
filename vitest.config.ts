import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // Starting PGlite in a beforeAll takes over the default 10 s on a busy shared CI machine: a hook waits for a
    // state, so it gets the room a test gets and more.
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
