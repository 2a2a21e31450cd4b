// Linked structures across minor and major collections: each mutator keeps a list of reference
// objects (every eighth one in the large-object space) whose children it keeps replacing with
// fresh young objects, so old-to-young (and large-to-young) stores go through the write barrier.
// Now and then a fresh child is shared by a second node: two old holders refer to one young
// object, and a promotion must find and update both fields through the remembered set.
// The harness checks, after every collection, that each field still points at the very object
// stored in it, intact; the mutator also walks the whole list now and then.
import { atLeast, defineScenario, NULL_HANDLE, type Handle, type MutatorContext } from '../harness/common/scenario.ts';

const kNodes = 24;
const kNext = 0;
const kChild = 1;

export const scenario = defineScenario({
  name: 'graph-survival',
  summary: 'linked reference objects (some large) with old-to-young pointers survive minor and major GCs, identity checked',
  defaults: { mutators: 4, iterations: 1500, nurseryBytes: 64 * 1024, schedule: { everyAllocs: 800 } },
  module: import.meta.url,
  requires: { refs: true, largeObjects: true },
  runtime: { losBytes: 4 * 1024 * 1024 },
  assertions: (r) => [
    atLeast('minor collections', r.stats.minorCollections, 2),
    atLeast('major collections', r.stats.majorCollections, 1),
    atLeast('bytes promoted', r.stats.bytesPromoted, 1),
  ],
  program(ctx) {
    const rng = ctx.rng;
    let head: Handle = NULL_HANDLE;
    for (let n = 0; n < kNodes; n++) {
      const node = ctx.allocRefs(2, n % 8 === 0 ? 4096 : 16);
      const c = ctx.alloc(rng.int(12, 64));
      ctx.setRef(node, kChild, c);
      ctx.release(c);
      if (head !== NULL_HANDLE) {
        ctx.setRef(node, kNext, head);
        ctx.release(head);
      }
      head = node;
    }
    for (let i = 0; i < ctx.iterations; i++) {
      // Replace a child somewhere in the list: an old (or large) node -> young child store.
      const j = rng.int(0, kNodes - 1);
      const node = walkTo(ctx, head, j);
      const c = ctx.alloc(rng.int(12, 64));
      ctx.setRef(node, kChild, c);
      ctx.release(node);
      if (rng.chance(0.25)) {
        const other = walkTo(ctx, head, (j + rng.int(1, kNodes - 1)) % kNodes);
        ctx.setRef(other, kChild, c);
        ctx.release(other);
      }
      ctx.release(c);
      ctx.allocGarbage(rng.int(16, 200));
      if (ctx.tid === 0 && i % 300 === 299) ctx.requestGc('major');
      if (ctx.safepoint() && i % 8 === 0) ctx.release(walkTo(ctx, head, kNodes - 1)); // the whole list, field by field
      ctx.progress(i);
    }
  },
});

/** A handle to the j-th node (each step reads a reference, which the harness checks). */
function walkTo(ctx: MutatorContext, head: Handle, j: number): Handle {
  let node = ctx.dup(head);
  for (let s = 0; s < j; s++) {
    const next = ctx.getRef(node, kNext);
    const child = ctx.getRef(node, kChild);
    ctx.release(child);
    ctx.release(node);
    node = next;
  }
  return node;
}
