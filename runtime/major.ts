// Major collection: mark from roots and pins, then slide-compact the old space around pinned
// objects; sweep the non-moving spaces. Runs on the collector thread with the world stopped,
// gc_mutex held: right after a minor collection (so the nursery holds only kept objects), or just
// before one when old space could not take the nursery's survivors (runtime/collector.ts).
//
// Phases, in order:
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
import { forEachNurseryObject, forEachOldObject, holdsYoungRef } from './minor.ts';

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

export function majorGc(h: Heap): MajorStats {
  const i32 = h.i32;
  const oldStart = h.layout.old;
  const oldTop = i32[L.kOldTop];
  const stats: MajorStats = {
    liveBytes: 0, bytesMoved: 0, objectsMoved: 0, pinnedInOld: 0, oldUsedBefore: oldTop - oldStart,
    oldUsedAfter: 0, losLive: 0, pinSpaceFree: 0, pinSpaceLargestFree: 0,
  };
  const resolveFwd = (a: number): number => {
    while (a !== 0 && !h.inNursery(a) && (i32[(a >> 2) + L.kObjInfo] & L.kFlagForwarded) !== 0) a = i32[(a >> 2) + L.kObjForward];
    return a;
  };

  // 1. mark
  const stack: number[] = [];
  const mark = (a: number): void => {
    if (a === 0 || h.inNursery(a)) return;
    const w = a >> 2;
    const info = i32[w + L.kObjInfo];
    if ((info & L.kFlagMarked) !== 0) return;
    i32[w + L.kObjInfo] = info | L.kFlagMarked;
    stack.push(a);
  };
  const markSlot = (slot: number): void => {
    const a = resolveFwd(i32[slot]);
    i32[slot] = a;
    mark(a);
  };
  const r0 = h.layout.rootsAt;
  for (let s = r0; s < r0 + h.threads * h.rootsPerThread; s++) if (i32[s] !== 0) markSlot(s);
  const g0 = h.layout.globalRootsAt;
  for (let s = g0; s < g0 + h.globalRoots; s++) if (i32[s] !== 0) markSlot(s);
  const markIfPinned = (a: number): void => {
    if (Atomics.load(i32, (a >> 2) + L.kObjPin) > 0 && (i32[(a >> 2) + L.kObjInfo] & L.kFlagForwarded) === 0) mark(a);
  };
  forEachOldObject(h, oldStart, oldTop, markIfPinned);
  forEachChunk(h, h.layout.los, h.layout.losEnd, markIfPinned);
  forEachChunk(h, h.layout.pinSpace, h.layout.pinSpaceEnd, markIfPinned);
  const scanRefs = (a: number): void => {
    const info = i32[(a >> 2) + L.kObjInfo];
    if ((info & L.kKindMask) !== L.kKindRefs) return;
    const n = info >>> L.kInfoRefsShift;
    const f0 = (a >> 2) + 4;
    for (let k = 0; k < n; k++) if (i32[f0 + k] !== 0) markSlot(f0 + k);
  };
  forEachNurseryObject(h, scanRefs);
  while (stack.length > 0) scanRefs(stack.pop()!);

  // 2. planCompaction: the new address goes in kObjForward (free while not forwarded).
  let free = oldStart;
  forEachOldObject(h, oldStart, oldTop, (a) => {
    const w = a >> 2;
    if ((i32[w + L.kObjInfo] & L.kFlagMarked) === 0) return;
    const size = i32[w + L.kObjSize];
    stats.liveBytes += size;
    if (Atomics.load(i32, w + L.kObjPin) > 0) {
      i32[w + L.kObjForward] = a;
      free = a + size;
      stats.pinnedInOld++;
    } else {
      i32[w + L.kObjForward] = free;
      free += size;
    }
  });

  // 3. updateRefs
  const newAddr = (a: number): number => (a >= oldStart && a < oldTop ? i32[(a >> 2) + L.kObjForward] : a);
  const updateSlot = (slot: number): void => {
    const a = i32[slot];
    if (a !== 0) i32[slot] = newAddr(a);
  };
  for (let s = r0; s < r0 + h.threads * h.rootsPerThread; s++) updateSlot(s);
  for (let s = g0; s < g0 + h.globalRoots; s++) updateSlot(s);
  const updateFields = (a: number): void => {
    const info = i32[(a >> 2) + L.kObjInfo];
    if ((info & L.kKindMask) !== L.kKindRefs) return;
    const n = info >>> L.kInfoRefsShift;
    const f0 = (a >> 2) + 4;
    for (let k = 0; k < n; k++) updateSlot(f0 + k);
  };
  forEachNurseryObject(h, updateFields);
  const liveOld = (a: number): void => {
    if ((i32[(a >> 2) + L.kObjInfo] & L.kFlagMarked) !== 0) updateFields(a);
  };
  forEachOldObject(h, oldStart, oldTop, liveOld);
  forEachChunk(h, h.layout.los, h.layout.losEnd, liveOld);
  forEachChunk(h, h.layout.pinSpace, h.layout.pinSpaceEnd, liveOld);

  // 4. move
  let cursor = oldStart;
  for (let a = oldStart; a < oldTop; ) {
    const w = a >> 2;
    const size = i32[w + L.kObjSize];
    if (size <= 0) break;
    const info = i32[w + L.kObjInfo];
    if ((info & L.kFlagMarked) !== 0) {
      const b = i32[w + L.kObjForward];
      if (b > cursor) h.writeFiller(cursor, b - cursor); // gap below a pinned object
      if (b !== a) {
        i32.copyWithin(b >> 2, w, w + (size >> 2));
        stats.bytesMoved += size;
        stats.objectsMoved++;
      }
      i32[(b >> 2) + L.kObjInfo] = info & ~(L.kFlagMarked | L.kFlagRemembered);
      i32[(b >> 2) + L.kObjForward] = 0;
      cursor = b + size;
    }
    a += size;
  }
  h.poison(cursor, oldTop);
  i32[L.kOldTop] = cursor;
  stats.oldUsedAfter = cursor - oldStart;

  // 5. sweepNonMoving
  stats.losLive = sweepFreeList(h, h.layout.los, h.layout.losEnd).live;
  const ps = sweepFreeList(h, h.layout.pinSpace, h.layout.pinSpaceEnd);
  stats.pinSpaceFree = ps.free;
  stats.pinSpaceLargestFree = ps.largestFree;

  // 6. rebuildRemset
  let n = 0;
  const rs = h.layout.remsetAt;
  const remember = (a: number): void => {
    if (holdsYoungRef(h, a)) {
      i32[(a >> 2) + L.kObjInfo] |= L.kFlagRemembered;
      i32[rs + n++] = a;
    } else i32[(a >> 2) + L.kObjInfo] &= ~L.kFlagRemembered;
  };
  forEachOldObject(h, oldStart, cursor, remember);
  forEachChunk(h, h.layout.los, h.layout.losEnd, remember);
  forEachChunk(h, h.layout.pinSpace, h.layout.pinSpaceEnd, remember);
  i32[L.kRemsetTop] = n;
  return stats;
}

/** Visit the live (non-free) chunks of a non-moving space. */
export function forEachChunk(h: Heap, from: number, to: number, f: (a: number) => void): void {
  const i32 = h.i32;
  for (let a = from; a < to; ) {
    const size = i32[(a >> 2) + L.kObjSize];
    if (size <= 0) break;
    if (i32[(a >> 2) + L.kObjInfo] !== L.kFreeChunkInfo) f(a);
    a += size;
  }
}
