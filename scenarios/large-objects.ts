// Large objects (payload above the threshold, about 3 KiB) live in the non-moving large-object
// space: they never occupy the nursery and never move, pinned or not, across minor and major
// collections. Each mutator keeps a few long-lived large objects, pins some, and hands some to
// native code alone (the pin is their only root) across major collections; the space frees and
// reuses as kept objects are replaced. The harness checks every large object's whole payload.
import { atLeast, defineScenario, type Handle, type MutatorContext, type PinnedAddress } from '../harness/common/scenario.ts';

const kKept = 3;

interface Large { hd: Handle; addr: number }

export const scenario = defineScenario({
  name: 'large-objects',
  summary: 'large objects never move and never occupy the nursery; pinned, and held by pins alone, across major GCs',
  defaults: { mutators: 4, iterations: 400, nurseryBytes: 64 * 1024, schedule: { everyAllocs: 600 } },
  module: import.meta.url,
  requires: { largeObjects: true, spaces: true },
  runtime: { losBytes: 4 * 1024 * 1024 },
  assertions: (r) => [
    atLeast('minor collections', r.stats.minorCollections, 1),
    atLeast('major collections', r.stats.majorCollections, 1),
    atLeast('pins exercised by a collection', r.outcomes.pinExercised, 1),
  ],
  program(ctx) {
    const rng = ctx.rng;
    const makeLarge = (): Large => {
      const hd = ctx.alloc(rng.int(3200, 16 * 1024));
      if (ctx.space(hd) !== 'los') ctx.forbidden('heapInvalid', 'large-object-moved', { address: ctx.address(hd), expected: 0, actual: 0 });
      return { hd, addr: ctx.address(hd) };
    };
    const stays = (x: Large): void => {
      if (ctx.address(x.hd) !== x.addr) ctx.forbidden('movedWhilePinned', 'large-object-moved', { address: x.addr, expected: x.addr, actual: ctx.address(x.hd) });
    };
    const kept: Large[] = [];
    for (let k = 0; k < kKept; k++) kept.push(makeLarge());
    let held: { addr: PinnedAddress; until: number } | null = null;
    for (let i = 0; i < ctx.iterations; i++) {
      for (let j = 0; j < 8; j++) ctx.allocGarbage(rng.int(16, 512)); // drive minor collections
      const o = makeLarge();
      const pinned = rng.chance(0.5);
      if (pinned) ctx.pin(o.hd);
      if (ctx.tid === 0 && i % 100 === 99) ctx.requestGc('major');
      ctx.safepoint();
      for (const x of kept) stays(x);
      stays(o);
      if (pinned && held === null && rng.chance(0.3)) {
        held = { addr: o.addr, until: i + rng.int(5, 40) }; // native code alone holds it from here
        ctx.release(o.hd);
      } else {
        if (pinned) ctx.unpin(o.hd);
        replaceOrDrop(ctx, kept, o);
      }
      if (held !== null && i >= held.until) {
        const hd = ctx.adopt(held.addr);
        ctx.unpin(hd);
        ctx.release(hd);
        held = null;
      }
      ctx.progress(i);
    }
  },
});

/** Now and then a new object replaces a kept one, so the space also frees and reuses. */
function replaceOrDrop(ctx: MutatorContext, kept: Large[], o: Large): void {
  if (ctx.rng.int(0, 3) === 0) {
    const k = ctx.rng.int(0, kKept - 1);
    ctx.release(kept[k].hd);
    kept[k] = o;
  } else ctx.release(o.hd);
}
