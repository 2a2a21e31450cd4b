// Pins held for a long time across many collections: each mutator keeps a few objects pinned for
// hundreds of iterations while it allocates garbage. Their blocks are retained (reported as
// retained blocks and bytes) and no allocation may land on them; the harness checks each pinned
// object's whole payload and address after every collection.
import { atLeast, defineScenario, type Handle } from '../harness/common/scenario.ts';

const kHeld = 3;

export const scenario = defineScenario({
  name: 'fragmentation',
  summary: 'long-held pins across many collections: retained blocks are reported and never allocated over',
  defaults: { mutators: 4, iterations: 3000, nurseryBytes: 256 * 1024, schedule: { everyAllocs: 400 } },
  module: import.meta.url,
  assertions: (r) => [
    atLeast('minor collections', r.stats.minorCollections, 5),
    atLeast('bytes retained by pins (max)', r.stats.maxRetainedBytes, 1),
    atLeast('pins exercised by a collection', r.outcomes.pinExercised, 1),
  ],
  program(ctx) {
    const rng = ctx.rng;
    const held: { hd: Handle; until: number }[] = [];
    const take = (i: number): { hd: Handle; until: number } => {
      const hd = ctx.alloc(rng.int(32, 256));
      ctx.pin(hd);
      return { hd, until: i + rng.int(100, 1000) };
    };
    for (let k = 0; k < kHeld; k++) held.push(take(0));
    for (let i = 0; i < ctx.iterations; i++) {
      for (let j = 0; j < 4; j++) ctx.allocGarbage(rng.int(16, 256));
      ctx.safepoint();
      for (let k = 0; k < held.length; k++) {
        if (i < held[k].until) continue;
        ctx.unpin(held[k].hd);
        ctx.release(held[k].hd);
        held[k] = take(i);
      }
      ctx.progress(i);
    }
    for (const x of held) ctx.unpin(x.hd);
  },
});
