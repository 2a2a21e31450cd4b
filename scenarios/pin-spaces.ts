// Pins in every space: objects that only a pin (native code) keeps alive, in the nursery, in old
// space (objects promoted earlier, then pinned and dropped) and in the large-object space, held
// across minor and major collections while the old space around them is compacted (a pool of
// survivors keeps being replaced, so compaction always has objects to slide). Half the survivors,
// and some pinned objects, are holders: a child only they refer to (in the nursery, a young child
// only a pinned young holder keeps alive) and a spare field never stored. When pins hold every
// nursery block, allocation falls back to old space, and holders land there too: the spare field
// must read null wherever the holder was made. Each pinned object must stay intact and in place
// until it is unpinned; the harness checks them, and their fields, through their raw addresses
// after every collection, and the program reads a holder's fields again before it lets go of it.
import { atLeast, defineScenario, type Handle, type MutatorContext, type PinnedAddress } from '../harness/common/scenario.ts';

const kPool = 16;
const kMaxHeld = 4;

type Where = 'young' | 'old' | 'large';
/** An object and whether it is a holder (a reference object: its child, and a spare field left null). */
interface Obj { hd: Handle; refs: boolean }
const kChild = 0;
const kSpare = 1;

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
    const pool: Obj[] = [];
    const fresh = (): Obj => (rng.chance(0.5) ? withChild(ctx) : bytes(ctx, 16, 384));
    for (let k = 0; k < kPool; k++) pool.push(fresh());
    const held: { addr: PinnedAddress; until: number; where: Where; refs: boolean }[] = [];
    for (let i = 0; i < ctx.iterations; i++) {
      const j = rng.int(0, kPool - 1);
      if (pool[j].refs) readBack(ctx, pool[j].hd);
      ctx.release(pool[j].hd);
      pool[j] = fresh();
      for (let g = 0; g < 3; g++) ctx.allocGarbage(rng.int(16, 256));
      if (held.length < kMaxHeld && rng.chance(0.2)) {
        const where: Where = (['young', 'old', 'large'] as const)[rng.int(0, 2)];
        const o = pinCandidate(ctx, pool, where);
        if (o !== null) {
          held.push({ addr: ctx.pin(o.hd), until: i + rng.int(10, 200), where, refs: o.refs });
          ctx.release(o.hd); // from here only the pin holds it (and, for a holder, its child too)
        }
      }
      if (ctx.tid === 0 && i % 150 === 149) ctx.requestGc('major');
      ctx.safepoint();
      for (let k = held.length - 1; k >= 0; k--) {
        if (i < held[k].until) continue;
        const hd = ctx.adopt(held[k].addr);
        if (held[k].refs) readBack(ctx, hd);
        ctx.unpin(hd);
        ctx.release(hd);
        held.splice(k, 1);
      }
      ctx.progress(i);
    }
    for (const x of held) ctx.unpin(ctx.adopt(x.addr));
  },
});

/**
 * A reference object with a child, so compaction also has references to update, and a spare field
 * (an optional link) that is never stored. Its data is sized like a buffer's, so holders are as
 * likely as buffers to be the allocation that finds the nursery full.
 */
function withChild(ctx: MutatorContext): Obj {
  const holder = ctx.allocRefs(2, ctx.rng.int(16, 384));
  const child = ctx.alloc(ctx.rng.int(16, 64));
  ctx.setRef(holder, kChild, child);
  ctx.release(child);
  return { hd: holder, refs: true };
}

/**
 * A holder's fields, read again through it. getRef checks each against what was stored: the child
 * is the very object, and the spare, never stored, reads null (anything else fails the run there).
 */
function readBack(ctx: MutatorContext, holder: Handle): void {
  ctx.release(ctx.getRef(holder, kChild));
  ctx.getRef(holder, kSpare);
}

function bytes(ctx: MutatorContext, lo: number, hi: number): Obj {
  return { hd: ctx.alloc(ctx.rng.int(lo, hi)), refs: false };
}

/**
 * An object in the space asked for; an old one is taken out of the pool (a fresh one replaces it).
 * A young one is often a holder whose child nothing else refers to: native code keeps a structure,
 * not only a buffer, and the collector must trace through the pinned holder it leaves in place.
 */
function pinCandidate(ctx: MutatorContext, pool: Obj[], where: Where): Obj | null {
  if (where === 'young') return ctx.rng.chance(0.5) ? withChild(ctx) : bytes(ctx, 16, 256);
  if (where === 'large') return bytes(ctx, 3200, 8192);
  const j = pool.findIndex((o) => ctx.space(o.hd) === 'old');
  if (j < 0) return null;
  const o = pool[j];
  pool[j] = bytes(ctx, 16, 384);
  return o;
}
