import { defineConfig } from 'vitest/config';

// Files whose verdict depends on timing (a stop's timeout, a watchdog budget against a deadline,
// a GC locker's budget against pins that must not drain, signals while tsc writes, a child killed
// after its budget): they run one at a time, after the rest, so a neighbour cannot stretch what
// they time.
const kAlone = [
  'test/runtime-safe-announced.test.ts',
  'test/harness-stuck-mutator.test.ts',
  'test/harness-deadlock.test.ts',
  'test/cli-signals.test.ts',
  'test/build-atomic.test.ts',
  'test/native-runtime-hangs.test.ts',
  'test/harness-starvation.test.ts',
];

// Files that replace a module (vi.mock): they need a fresh module registry each.
const kOwnModules = [
  'test/reports-atomic.test.ts',
  'test/reports-report-set.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      // Two files at a time on 2 cores: a stress run leaves a core idle while its threads wait
      // for each other, and builds and installs wait on the disk. Files share a worker's module
      // registry (isolate: false): importing and transforming the harness again for every file
      // cost about a third of the suite's time. Tests therefore leave no state behind them.
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: [...kAlone, ...kOwnModules], maxWorkers: 2, isolate: false, sequence: { groupOrder: 0 } } },
      // Last: a few hundred milliseconds, one file at a time.
      { extends: true, test: { name: 'own-modules', include: kOwnModules, fileParallelism: false, sequence: { groupOrder: 2 } } },
      { extends: true, test: { name: 'alone', include: kAlone, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
