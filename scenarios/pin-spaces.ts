// Pins in every space: objects that only a pin (native code) keeps alive, in the nursery, in old
// space (objects promoted earlier, then pinned and dropped) and in the large-object space, held
// across minor and major collections while the old space around them is compacted (a pool of
// survivors keeps being replaced, so compaction always has objects to slide). Each pinned object
// must stay intact and in place until it is unpinned; the harness checks them through their raw
// addresses after every collection.
import { atLeast, defineScenario, type Handle, type MutatorContext, type PinnedAddress } from '../harness/common/scenario.ts';

const kPool = 16;
const kMaxHeld = 4;

type Where = 'young' | 'old' | 'large';

export const scenario = defineScenario({
  name: 'pin-spaces',
  summary: 'objects held only by a pin in the nursery, old space and the large-object space, across minor, major and compacting GCs',
  defaults: { mutators: 4, iterations: 1500, nurseryBytes: 64 * 1024, schedule: { everyAllocs: 500 } },
  module: import.meta.url,
  requires: { refs: true, largeObjects: true, spaces: true },
  runtime: { losBytes: 4 * 1024 * 1024 },
  assertions: (r) => [
    atLeast('major collections', r.stats.majorCollections, 2),
    atLeast('pins exercised by a collection', r.outcomes.pinExercised, 1),
    atLeast('bytes moved', r.stats.bytesCopied, 1),
  ],
  program(ctx) {
    const rng = ctx.rng;
    const pool: Handle[] = [];
    const fresh = (): Handle => (rng.chance(0.25) ? withChild(ctx) : ctx.alloc(rng.int(16, 384)));
    for (let k = 0; k < kPool; k++) pool.push(fresh());
    const held: { addr: PinnedAddress; until: number; where: Where }[] = [];
    for (let i = 0; i < ctx.iterations; i++) {
      const j = rng.int(0, kPool - 1);
      ctx.release(pool[j]);
      pool[j] = fresh();
      for (let g = 0; g < 3; g++) ctx.allocGarbage(rng.int(16, 256));
      if (held.length < kMaxHeld && rng.chance(0.2)) {
        const where: Where = (['young', 'old', 'large'] as const)[rng.int(0, 2)];
        const hd = pinCandidate(ctx, pool, where);
        if (hd !== null) {
          held.push({ addr: ctx.pin(hd), until: i + rng.int(10, 200), where });
          ctx.release(hd); // from here only the pin holds it
        }
      }
      if (ctx.tid === 0 && i % 150 === 149) ctx.requestGc('major');
      ctx.safepoint();
      for (let k = held.length - 1; k >= 0; k--) {
        if (i < held[k].until) continue;
        const hd = ctx.adopt(held[k].addr);
        ctx.unpin(hd);
        ctx.release(hd);
        held.splice(k, 1);
      }
      ctx.progress(i);
    }
    for (const x of held) ctx.unpin(ctx.adopt(x.addr));
  },
});

/** A reference object with a child, so compaction also has references to update. */
function withChild(ctx: MutatorContext): Handle {
  const holder = ctx.allocRefs(1, 16);
  const child = ctx.alloc(ctx.rng.int(16, 64));
  ctx.setRef(holder, 0, child);
  ctx.release(child);
  return holder;
}

/** An object in the space asked for; an old one is taken out of the pool (a fresh one replaces it). */
function pinCandidate(ctx: MutatorContext, pool: Handle[], where: Where): Handle | null {
  if (where === 'young') return ctx.alloc(ctx.rng.int(16, 256));
  if (where === 'large') return ctx.alloc(ctx.rng.int(3200, 8192));
  const j = pool.findIndex((h) => ctx.space(h) === 'old');
  if (j < 0) return null;
  const hd = pool[j];
  pool[j] = ctx.alloc(ctx.rng.int(16, 384));
  return hd;
}
