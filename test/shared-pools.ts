// One worker-pool cache for a test file's runs, as a suite has: warm workers and no start-up per
// run (half of a small run's time otherwise). Closed after the file, so no worker outlives it.
import { afterAll } from 'vitest';
import { PoolCache } from '../harness/pools.ts';

export function sharedPools(): PoolCache {
  const pools = new PoolCache();
  afterAll(() => pools.close());
  return pools;
}
