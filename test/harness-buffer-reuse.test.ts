// Runs that share a PoolCache (a suite, selftest, a test file) reuse the runtime's buffer: mapping a
// fresh buffer's pages costs more than a small run's start. The next run clears it, and passes as
// on a fresh one.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../harness/config.ts';
import { PoolCache } from '../harness/pools.ts';
import { executeRun } from '../harness/run.ts';
import { computeLayout } from '../runtime/layout.ts';
import { defaultRuntimeOptions } from '../runtime/options.ts';
import { SCENARIOS } from '../scenarios/index.ts';

describe('runtime buffers reused across runs', () => {
  it('the second run gets the first run\'s buffer, cleared, and passes', async () => {
    const pools = new PoolCache();
    try {
      const def = SCENARIOS.get('pin-gc-pressure')!;
      const config = resolveConfig(def.name, def.defaults, { mutators: 2, iterations: 1000 });
      const bytes = computeLayout({ ...defaultRuntimeOptions(), ...def.runtime, mutators: 2, nurseryBytes: config.nurseryBytes }).totalBytes;
      const first = await executeRun(def, config, { pools });
      expect(first.diagnosis?.message ?? null).toBeNull();
      expect(first.status).toBe('passed');
      const kept = pools.takeBuffer(bytes);
      expect(kept?.byteLength).toBeGreaterThanOrEqual(bytes);
      new Int32Array(kept!).fill(-1); // whatever a run leaves: the next one must not see it
      pools.keepBuffer(kept!);
      const second = await executeRun(def, config, { pools });
      expect(second.diagnosis?.message ?? null).toBeNull();
      expect(second.status).toBe('passed');
      expect(pools.takeBuffer(bytes)).toBe(kept);
    } finally {
      await pools.close();
    }
  });

  it('a smaller run takes a larger buffer, with another layout, verified at every collection, and passes', async () => {
    const pools = new PoolCache();
    try {
      const def = SCENARIOS.get('pin-gc-pressure')!;
      const layoutOf = (c: { mutators: number; nurseryBytes: number }): number =>
        computeLayout({ ...defaultRuntimeOptions(), ...def.runtime, mutators: c.mutators, nurseryBytes: c.nurseryBytes }).totalBytes;
      const large = resolveConfig(def.name, def.defaults, { mutators: 3, iterations: 1000, nurseryBytes: 128 * 1024, verifyEvery: 1 });
      const small = resolveConfig(def.name, def.defaults, { mutators: 2, iterations: 1000, nurseryBytes: 64 * 1024, verifyEvery: 1 });
      expect(layoutOf(small)).toBeLessThan(layoutOf(large));
      expect((await executeRun(def, large, { pools })).status).toBe('passed');
      const kept = pools.takeBuffer(layoutOf(small));
      expect(kept?.byteLength).toBeGreaterThanOrEqual(layoutOf(large));
      new Int32Array(kept!).fill(-1);
      pools.keepBuffer(kept!);
      const second = await executeRun(def, small, { pools });
      expect(second.diagnosis?.message ?? null).toBeNull();
      expect(second.status).toBe('passed');
      expect(second.stats.minorCollections).toBeGreaterThan(0);
      expect(pools.takeBuffer(layoutOf(small))).toBe(kept);
    } finally {
      await pools.close();
    }
  });
});
