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
      expect(kept?.byteLength).toBe(bytes);
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
});
