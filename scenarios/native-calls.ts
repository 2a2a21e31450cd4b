// The motivation for temporary pinning: ordinary managed work (allocation, short-lived objects,
// nothing pinned) with pins taken only around blocking foreign calls of varying length: short
// (5-50 us), long (0.5-2 ms) and very long (5-20 ms). A quarter of the buffers are pinned twice,
// as when a helper pins its argument again inside its caller's pin (nested critical regions).
// Under the gc-locker strategy a collection must wait for such calls to end, so this is where its
// delays (and starvation) show.
import { atLeast, defineScenario, equals, type MutatorContext } from '../harness/common/scenario.ts';

function callLength(ctx: MutatorContext): number {
  const p = ctx.rng.int(0, 99);
  if (p < 70) return ctx.rng.int(5, 50);
  if (p < 95) return ctx.rng.int(500, 2000);
  return ctx.rng.int(5000, 20000);
}

export const scenario = defineScenario({
  name: 'native-calls',
  summary: 'managed work with pins only around blocking foreign calls of varying length (short, long, very long)',
  defaults: { mutators: 4, iterations: 300, nurseryBytes: 1024 * 1024, schedule: { everyUs: 2000 } },
  module: import.meta.url,
  requires: { nativeState: true },
  lockerBudgetMs: 100, // the longest call is 20 ms: a locker that holds new pins back drains well within this
  assertions: (r) => [
    equals('native calls', r.stats.nativeCalls, r.config.mutators * r.config.iterations),
    atLeast('minor collections', r.stats.minorCollections, 1),
  ],
  program(ctx) {
    for (let i = 0; i < ctx.iterations; i++) {
      for (let j = 0; j < 6; j++) ctx.allocGarbage(ctx.rng.int(16, 192)); // unpinned work
      ctx.safepoint();
      const buf = ctx.alloc(256);
      const addr = ctx.pin(buf);
      const nested = ctx.rng.chance(0.25);
      if (nested) ctx.pin(buf);
      ctx.callNative(callLength(ctx), (io) => io.read(addr, 0));
      if (nested) ctx.unpin(buf);
      ctx.unpin(buf);
      ctx.release(buf);
      ctx.progress(i);
    }
  },
});
