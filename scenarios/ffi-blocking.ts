// Pinning for a blocking foreign call: pin, enter native, hold the raw address through a simulated
// blocking call (short, long or very long) while collections run, read the buffer through the raw
// address and now and then overwrite it (a read() into the buffer), leave native, unpin. Half the
// iterations drop the object's handle before the call, so only native code still uses it: the pin
// alone must keep it alive (a pin is a root). Every 64 iterations a probe unpins an unpinned
// object: the runtime must refuse it.
import { atLeast, defineScenario, equals, type MutatorContext, UnpinUnderflowError } from '../harness/common/scenario.ts';

/** Call lengths in microseconds: mostly short, some long, a few very long. */
function callLength(ctx: MutatorContext): number {
  const p = ctx.rng.int(0, 99);
  if (p < 90) return ctx.rng.int(1, 20);
  if (p < 99) return ctx.rng.int(100, 500);
  return ctx.rng.int(1000, 3000);
}

/** unpin of an unpinned object must be refused; a runtime that accepts it corrupts the count. */
function underflowProbe(ctx: MutatorContext): void {
  const probe = ctx.alloc(16);
  try {
    ctx.unpin(probe);
  } catch (e) {
    if (!(e instanceof UnpinUnderflowError)) throw e;
    ctx.release(probe);
    return;
  }
  ctx.forbidden('heapInvalid', 'unpin-below-zero-accepted');
}

export const scenario = defineScenario({
  name: 'ffi-blocking',
  summary: 'pin -> enter native -> blocking call using the raw address while GCs run -> leave native -> unpin',
  defaults: { mutators: 4, iterations: 1500, nurseryBytes: 64 * 1024, schedule: { everyUs: 300 } },
  module: import.meta.url,
  requires: { nativeState: true },
  assertions: (r) => [
    equals('native calls', r.stats.nativeCalls, r.config.mutators * r.config.iterations),
    atLeast('collections while threads were in native', r.stats.collectionsWithNative, 1),
    atLeast('pins exercised by a collection', r.outcomes.pinExercised, 1),
  ],
  program(ctx) {
    const scratch = ctx.alloc(32); // an unpinned object that lives the whole run
    for (let i = 0; i < ctx.iterations; i++) {
      let hd = ctx.alloc(ctx.rng.int(16, 256));
      const addr = ctx.pin(hd);
      const onlyNative = ctx.rng.chance(0.5);
      if (onlyNative) ctx.release(hd);
      const rewrite = ctx.rng.chance(0.25);
      ctx.callNative(callLength(ctx), (io) => {
        io.read(addr, 0);
        if (rewrite) io.rewrite(addr);
      });
      if (onlyNative) hd = ctx.adopt(addr);
      ctx.unpin(hd);
      ctx.release(hd);
      if (i % 64 === 17) underflowProbe(ctx);
      ctx.progress(i);
    }
    ctx.release(scratch);
  },
});
