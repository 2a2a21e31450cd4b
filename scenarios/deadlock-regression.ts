// Regression test 2: the GC-side evacuation allocator was built lazily inside minor_gc() while
// gc_mutex was held; its constructor ran gc_init(), which re-locked the same non-recursive mutex.
// Same setup as pin-gc-pressure. Fault-free it passes with minor collections > 0, so it cannot
// pass by never collecting; with --fault nested-init it hangs (normal mutex) or fails at once
// (--mutex errorcheck), and the diagnosis names gc_mutex, the collector and the path.
import { atLeast, defineScenario } from '../harness/common/scenario.ts';
import { pinRoundTrips } from './pin-concurrent.ts';

export const scenario = defineScenario({
  name: 'deadlock-regression',
  summary: 'lazy evacuation allocator inside minor_gc must not re-lock gc_mutex (try --fault nested-init)',
  defaults: { mutators: 4, iterations: 2000, nurseryBytes: 64 * 1024 },
  module: import.meta.url,
  assertions: (r) => [atLeast('minor collections', r.stats.minorCollections, 1)],
  program: pinRoundTrips,
});
