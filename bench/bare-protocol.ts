// The ladder's first rung: the pin protocol on the runtime's own Mutator API, inside pinstress's
// pool, collector and watchdog, but without the scenario context (no sealed content, no checks, no
// grading, no forced-schedule counting): what the runtime and the handshake cost before the harness
// adds anything. Each iteration still records progress (the watchdog needs it) and checks the
// pinned address and one word, as ref.mjs does.
import { defineScenario } from '../harness/common/scenario.ts';
import { runtimeMutatorOf } from '../harness/worker/context.ts';

export const scenario = defineScenario({
  name: 'bare-pin-protocol',
  summary: 'the pin protocol on the runtime Mutator API alone (bench ladder rung)',
  module: import.meta.url,
  defaults: { mutators: 4, iterations: 5000, nurseryBytes: 64 * 1024 },
  program(ctx) {
    const m = runtimeMutatorOf(ctx);
    for (let i = 0; i < ctx.iterations; i++) {
      const hd = m.allocBytes(64);
      m.write(hd, 0, i);
      const a = m.pin(hd);
      m.safepoint();
      if (m.addressOf(hd) !== a || m.readRaw(a, 0) !== i) ctx.forbidden('movedWhilePinned', 'root-no-longer-at-pinned-address');
      m.unpin(hd);
      m.release(hd);
      ctx.progress(i);
    }
    // One round trip through the context, so the run's own assertions (an object checked after a
    // collection) hold and the rung's status means what every other rung's does.
    const hd = ctx.alloc(64);
    ctx.pin(hd);
    ctx.collect();
    ctx.unpin(hd);
    ctx.release(hd);
  },
});
