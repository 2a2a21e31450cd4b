import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Stress runs own the machine (2 cores): files run one at a time so budgets and watchdogs
    // measure the code under test, not a neighbour.
    fileParallelism: false,
  },
});
