// A reference from an object promoted in this very collection to a young object that a pin kept in
// place: each iteration a young holder gets a young child, the child is pinned and dropped (the
// holder and the pin reach it), a collection promotes the holder and keeps the child, so the only
// old-to-young reference to the child is one the collector made itself (no write barrier saw it:
// the remembered set must learn it from the promotion). Later the child is unpinned and the next
// collection evacuates it: the holder's field must follow it to the very same object.
import { atLeast, defineScenario, type Handle, type PinnedAddress } from '../harness/common/scenario.ts';

const kHolders = 12;

export const scenario = defineScenario({
  name: 'promoted-holders',
  summary: 'holders promoted while their young child is pinned in place; the child is later unpinned, evacuated and must still be reached',
  defaults: { mutators: 4, iterations: 1500, nurseryBytes: 64 * 1024, schedule: { everyAllocs: 150 } },
  module: import.meta.url,
  requires: { refs: true },
  assertions: (r) => [
    atLeast('minor collections', r.stats.minorCollections, 2),
    atLeast('pinned objects kept in place', r.stats.pinnedSeen, 1),
    atLeast('bytes promoted', r.stats.bytesPromoted, 1),
  ],
  program(ctx) {
    const rng = ctx.rng;
    const holders: Handle[] = [];
    const pinned: { addr: PinnedAddress; until: number }[] = [];
    for (let i = 0; i < ctx.iterations; i++) {
      const holder = ctx.allocRefs(2, 16);
      const child = ctx.alloc(rng.int(16, 96));
      ctx.setRef(holder, 0, child);
      if (holders.length > 0) ctx.setRef(holder, 1, holders[rng.int(0, holders.length - 1)]);
      pinned.push({ addr: ctx.pin(child), until: i + rng.int(1, 12) });
      ctx.release(child);
      if (holders.length === kHolders) ctx.release(holders.splice(rng.int(0, kHolders - 1), 1)[0]);
      holders.push(holder);
      ctx.allocGarbage(rng.int(64, 512));
      ctx.safepoint();
      for (let k = pinned.length - 1; k >= 0; k--) {
        if (i < pinned[k].until) continue;
        const hd = ctx.adopt(pinned[k].addr);
        ctx.unpin(hd);
        ctx.release(hd);
        pinned.splice(k, 1);
      }
      // Read a child back through its holder now and then (the harness checks each field after every collection anyway).
      const h = holders[rng.int(0, holders.length - 1)];
      ctx.release(ctx.getRef(h, 0));
      ctx.progress(i);
    }
    for (const p of pinned) ctx.unpin(ctx.adopt(p.addr));
  },
});
