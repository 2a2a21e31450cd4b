// Large objects (payload above the threshold, about 3 KiB) live in the non-moving large-object
// space: they never occupy the nursery and never move, pinned or not, across minor and major
// collections. Each mutator keeps a few long-lived large objects, pins some, and hands some to
// native code alone (the pin is their only root) across major collections; the space frees and
// reuses as kept objects are replaced. Each also keeps a table of records made first (so they sit
// together at the start of the space), whose sizes come in pairs 8 bytes apart (with or without a
// trailer) and which it now and then remakes at the other size: a record freed at one size is
// reused by a request for the other, the tight fits a first-fit allocator must split or absorb
// exactly. The harness checks every large object's whole payload.
import { atLeast, defineScenario, type Handle, type MutatorContext, type PinnedAddress } from '../harness/common/scenario.ts';

const kKept = 3;
const kRecords = 8;
const kRecordBytes = 3200;

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
    const makeLarge = (bytes = rng.int(3200, 16 * 1024)): Large => {
      const hd = ctx.alloc(bytes);
      if (ctx.space(hd) !== 'los') ctx.forbidden('heapInvalid', 'large-object-moved', { address: ctx.address(hd), expected: 0, actual: 0 });
      return { hd, addr: ctx.address(hd) };
    };
    const stays = (x: Large): void => {
      if (ctx.address(x.hd) !== x.addr) ctx.forbidden('movedWhilePinned', 'large-object-moved', { address: x.addr, expected: x.addr, actual: ctx.address(x.hd) });
    };
    // Every thread makes its records before anything else (the barrier waits for all of them), so
    // a record's neighbours are records too: one freed there leaves a chunk of exactly its size,
    // early in the space, for the next request that fits.
    const recordBytes = (trailer: boolean): number => kRecordBytes + (trailer ? 8 : 0);
    const records: (Large | null)[] = [];
    const trailers: boolean[] = [];
    for (let k = 0; k < kRecords; k++) {
      records.push(makeLarge(recordBytes(true)));
      trailers.push(true);
    }
    ctx.barrier();
    let remake: { k: number; at: number } | null = null;
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
      for (const x of records) if (x !== null) stays(x);
      stays(o);
      if (pinned && held === null && rng.chance(0.3)) {
        held = { addr: o.addr, until: i + rng.int(5, 40) }; // native code alone holds it from here
        ctx.release(o.hd);
      } else {
        if (pinned) ctx.unpin(o.hd);
        replaceOrDrop(ctx, kept, o);
      }
      // A record is remade some iterations after it is dropped, so a major collection has often
      // freed its chunk by then; the new one is the other size of its pair.
      if (remake === null && rng.chance(0.15)) {
        const k = rng.int(0, kRecords - 1);
        ctx.release(records[k]!.hd);
        records[k] = null;
        remake = { k, at: i + rng.int(1, 60) };
      } else if (remake !== null && i >= remake.at) {
        trailers[remake.k] = !trailers[remake.k];
        records[remake.k] = makeLarge(recordBytes(trailers[remake.k]));
        remake = null;
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
