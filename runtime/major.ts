// Major collection: mark from roots and pins, then slide-compact the old space around pinned
// objects; sweep the non-moving spaces. Runs on the collector thread with the world stopped,
// gc_mutex held: right after a minor collection (so the nursery holds only kept objects), or just
// before one when old space could not take the nursery's survivors (runtime/collector.ts).
//
// Phases, in order (majorGc calls them; each rule is on its function):
//  1. mark            roots, global roots, every pinned object in any space (a pin is a root),
//                     and the references of kept nursery objects; forwarding left by copy-on-pin
//                     is followed and the reference rewritten.
//  2. planCompaction  walk old space in address order: marked unpinned objects slide down; a pinned
//                     one fixes the cursor at its end. A slid object never crosses a pinned one,
//                     since it fits below its own old address (kPinnedNeverMoves).
//  3. updateRefs      every reference into old space, from roots and from every live object, is
//                     rewritten to its planned address; only after phase 2 has planned them all.
//  4. move            address order, so a slide never overwrites an object not yet moved; gaps
//                     below pinned objects become fillers, the tail is poisoned.
//  5. sweepNonMoving  large-object and pin spaces: unmarked, unpinned chunks return to free lists.
//  6. rebuildRemset   every non-nursery holder that still points into the nursery.
import { sweepFreeList } from './allocator.ts';
import type { Heap } from './heap.ts';
import * as L from './layout.ts';
import { forEachRefSlot, forEachRootSlot, rememberIfYoung, walkChunks, walkMature, walkNursery, walkObjects } from './walk.ts';

export interface MajorStats {
  liveBytes: number;
  bytesMoved: number;
  objectsMoved: number;
  pinnedInOld: number;
  oldUsedBefore: number;
  oldUsedAfter: number;
  losLive: number;
  pinSpaceFree: number;
  pinSpaceLargestFree: number;
}

/** The state one major collection carries from phase to phase. */
class MajorCollection {
  readonly h: Heap;
  readonly i32: Int32Array;
  readonly oldStart: number;
  readonly oldTop: number; // as the collection found it; move() lowers kOldTop
  readonly stack: number[] = [];
  readonly stats: MajorStats;
  constructor(h: Heap) {
    this.h = h;
    this.i32 = h.i32;
    this.oldStart = h.layout.old;
    this.oldTop = h.i32[L.kOldTop];
    this.stats = {
      liveBytes: 0, bytesMoved: 0, objectsMoved: 0, pinnedInOld: 0, oldUsedBefore: this.oldTop - this.oldStart,
      oldUsedAfter: 0, losLive: 0, pinSpaceFree: 0, pinSpaceLargestFree: 0,
    };
  }
  /**
   * Copy-on-pin leaves forwarding outside collections, from nursery objects too: follow it to the
   * live copy. A major phase that runs before the minor one (old space short) still finds roots at
   * nursery objects a pin copied away; marking stopped there once, and the pin-space copy, unpinned
   * by then and reachable only through that root, was swept and handed out again. No slot can lead
   * to an object the minor phase forwarded: the minor phase updated every slot.
   */
  resolve(a: number): number {
    const i32 = this.i32;
    while (a !== 0 && (i32[(a >> 2) + L.kObjInfo] & L.kFlagForwarded) !== 0) a = i32[(a >> 2) + L.kObjForward];
    return a;
  }
  mark(a: number): void {
    if (a === 0 || this.h.inNursery(a)) return;
    const w = a >> 2;
    const info = this.i32[w + L.kObjInfo];
    if ((info & L.kFlagMarked) !== 0) return;
    this.i32[w + L.kObjInfo] = info | L.kFlagMarked;
    this.stack.push(a);
  }
  readonly markSlot = (slot: number): void => {
    if (this.i32[slot] === 0) return;
    const a = this.resolve(this.i32[slot]);
    this.i32[slot] = a;
    this.mark(a);
  };
  /** The address phase 2 planned for `a` (old-space objects move; everything else stays). */
  newAddr(a: number): number {
    return a >= this.oldStart && a < this.oldTop ? this.i32[(a >> 2) + L.kObjForward] : a;
  }
  readonly updateSlot = (slot: number): void => {
    const a = this.i32[slot];
    if (a !== 0) this.i32[slot] = this.newAddr(a);
  };
}

export function majorGc(h: Heap): MajorStats {
  const c = new MajorCollection(h);
  mark(c);
  planCompaction(c);
  updateRefs(c);
  move(c);
  sweepNonMoving(c);
  rebuildRemset(c);
  return c.stats;
}

/** Phase 1: mark from roots, every pinned object in any space, and kept nursery objects' fields. */
function mark(c: MajorCollection): void {
  const h = c.h;
  const i32 = c.i32;
  forEachRootSlot(h, c.markSlot);
  walkMature(h, (a) => {
    if (Atomics.load(i32, (a >> 2) + L.kObjPin) > 0 && (i32[(a >> 2) + L.kObjInfo] & L.kFlagForwarded) === 0) c.mark(a);
  });
  walkNursery(h, (a) => forEachRefSlot(h, a, c.markSlot));
  while (c.stack.length > 0) forEachRefSlot(h, c.stack.pop()!, c.markSlot);
}

/** Phase 2: plan each marked old object's address in kObjForward (free while not forwarded). */
function planCompaction(c: MajorCollection): void {
  const i32 = c.i32;
  let free = c.oldStart;
  walkObjects(c.h, c.oldStart, c.oldTop, (a) => {
    const w = a >> 2;
    if ((i32[w + L.kObjInfo] & L.kFlagMarked) === 0) return;
    const size = i32[w + L.kObjSize];
    c.stats.liveBytes += size;
    if (Atomics.load(i32, w + L.kObjPin) > 0) { // kPinnedNeverMoves
      i32[w + L.kObjForward] = a;
      free = a + size;
      c.stats.pinnedInOld++;
    } else {
      i32[w + L.kObjForward] = free;
      free += size;
    }
  });
}

/** Phase 3: rewrite every reference into old space to its planned address. */
function updateRefs(c: MajorCollection): void {
  const h = c.h;
  const i32 = c.i32;
  forEachRootSlot(h, c.updateSlot);
  walkNursery(h, (a) => forEachRefSlot(h, a, c.updateSlot));
  walkMature(h, (a) => {
    if ((i32[(a >> 2) + L.kObjInfo] & L.kFlagMarked) !== 0) forEachRefSlot(h, a, c.updateSlot);
  });
}

/** Phase 4: slide marked objects to their planned addresses, in address order. */
function move(c: MajorCollection): void {
  const h = c.h;
  const i32 = c.i32;
  let cursor = c.oldStart;
  walkChunks(h, c.oldStart, c.oldTop, (a, size, info) => {
    if ((info & L.kFlagMarked) === 0) return;
    const w = a >> 2;
    const b = i32[w + L.kObjForward];
    if (b > cursor) h.writeFiller(cursor, b - cursor); // gap below a pinned object
    if (b !== a) {
      i32.copyWithin(b >> 2, w, w + (size >> 2));
      c.stats.bytesMoved += size;
      c.stats.objectsMoved++;
    }
    i32[(b >> 2) + L.kObjInfo] = info & ~(L.kFlagMarked | L.kFlagRemembered);
    i32[(b >> 2) + L.kObjForward] = 0;
    cursor = b + size;
  });
  h.poison(cursor, c.oldTop);
  i32[L.kOldTop] = cursor;
  c.stats.oldUsedAfter = cursor - c.oldStart;
}

/** Phase 5: the non-moving spaces return unmarked, unpinned chunks to their free lists. */
function sweepNonMoving(c: MajorCollection): void {
  const l = c.h.layout;
  c.stats.losLive = sweepFreeList(c.h, l.los, l.losEnd).live;
  const ps = sweepFreeList(c.h, l.pinSpace, l.pinSpaceEnd);
  c.stats.pinSpaceFree = ps.free;
  c.stats.pinSpaceLargestFree = ps.largestFree;
}

/** Phase 6: the remembered set holds every non-nursery object that still points into the nursery. */
function rebuildRemset(c: MajorCollection): void {
  let n = 0;
  walkMature(c.h, (a) => { n = rememberIfYoung(c.h, a, n); });
  c.i32[L.kRemsetTop] = n;
}
