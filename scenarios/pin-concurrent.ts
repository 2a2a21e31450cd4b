// Regression test 1, pin stability under concurrency: 4 mutators x 5000 iterations of
// alloc(64) -> pin -> safepoint -> verify (address stable, content intact) -> unpin, under real
// gc_mutex contention (every allocation takes it), with forced collections so the pins are really
// exercised. The harness checks each object's whole payload and pinned address after every
// collection, and again at unpin.
import { atLeast, defineScenario, equals, type MutatorContext } from '../harness/common/scenario.ts';

/**
 * The regression test's loop; pin-gc-pressure and deadlock-regression run it too. `payloadBytes`:
 * 64 as the test allocates (the benchmark ladder also runs 48, the peers' object less its header).
 */
export function pinRoundTrips(ctx: MutatorContext, payloadBytes = 64): void {
  for (let i = 0; i < ctx.iterations; i++) {
    const hd = ctx.alloc(payloadBytes);
    ctx.pin(hd);
    ctx.safepoint();
    ctx.unpin(hd);
    ctx.release(hd);
    ctx.progress(i);
  }
}

export const scenario = defineScenario({
  name: 'pin-concurrent',
  summary: '4 x 5000 alloc -> pin -> safepoint -> verify -> unpin under gc_mutex contention and forced GCs',
  defaults: { mutators: 4, iterations: 5000, nurseryBytes: 64 * 1024, schedule: { everyAllocs: 2000 } },
  module: import.meta.url,
  assertions: (r) => [
    equals('pin round trips', r.stats.pins, r.config.mutators * r.config.iterations),
    equals('unpins match pins', r.stats.unpins, r.stats.pins),
    atLeast('pins exercised by a collection', r.outcomes.pinExercised, 1),
  ],
  program: pinRoundTrips,
});
