// A user scenario, written only against pinstress's public API: the pattern a runtime with blocking
// I/O lives by. A thread pins a buffer, hands its raw address to a blocking call, and unpins when
// the call returns: sometimes the call only reads the buffer (write() to a socket), sometimes it
// fills it (read() from one), and sometimes the program drops its own handle while the call runs,
// so only the pin keeps the buffer alive. Collections run all the while (every 250 us).
//
//   npx pinstress run examples/pinned-io-buffers.ts
import { atLeast, defineScenario, type MutatorContext } from 'pinstress/scenario';

/** How long the blocking call takes: mostly short, now and then a slow peer. */
function callMicros(ctx: MutatorContext): number {
  return ctx.rng.chance(0.9) ? ctx.rng.int(2, 30) : ctx.rng.int(200, 1500);
}

export default defineScenario({
  name: 'pinned-io-buffers',
  summary: 'pin a buffer, hand it to a blocking read or write, unpin; collections run during the calls',
  module: import.meta.url,
  requires: { nativeState: true },
  defaults: { mutators: 4, iterations: 800, nurseryBytes: 64 * 1024, schedule: { everyUs: 250 } },
  assertions: (r) => [
    atLeast('collections while a thread was in a blocking call', r.stats.collectionsWithNative, 1),
    atLeast('buffers checked after a collection ran during their call', r.outcomes.pinExercised, 1),
  ],
  program(ctx) {
    for (let i = 0; i < ctx.iterations; i++) {
      ctx.allocGarbage(ctx.rng.int(16, 256)); // the managed work between calls
      let buf = ctx.alloc(ctx.rng.int(64, 1024));
      const addr = ctx.pin(buf);
      const fills = ctx.rng.chance(0.5); // read() fills the buffer; write() only reads it
      const detached = ctx.rng.chance(0.3);
      if (detached) ctx.release(buf); // only the pin (native code) holds it now
      ctx.callNative(callMicros(ctx), (io) => {
        if (fills) io.rewrite(addr);
        else io.read(addr, 0);
      });
      if (detached) buf = ctx.adopt(addr);
      ctx.unpin(buf);
      ctx.release(buf);
      ctx.safepoint();
      ctx.progress(i);
    }
  },
});
