// Minor collection: evacuate reachable, unpinned nursery objects into old space; leave pinned ones
// in place and retain their blocks; update roots, references and the remembered set; poison
// freed memory. Runs on the collector thread with the world stopped and gc_mutex held.
//
// Phases, in order (minorGc calls them; each rule is on its function):
//  1. retireTlabs     every TLAB closes first, so each block's top is known before any scan.
//  2. scanRoots       thread roots, global roots, then pinned objects (a pin is a root), then the
//                     remembered set; pinned objects are kept before anything could copy them.
//  3. scanGray        Cheney scan of promoted and kept objects until no grey object is left.
//  4. rebuildRemset   after every reference is final: old holders that still point at kept
//                     (pinned) nursery objects stay remembered.
//  5. sweepNursery    last: blocks with a kept object are retained (dead neighbours become
//                     poisoned fillers), every other block is poisoned and freed.
// Invariant kPinnedNeverMoves: an object with a pin count above zero at phase 2 keeps its address
// (MinorCollection.evacuate).
// Invariant kNeverAllocOverPinned: a block holding a kept object is retained (sweepNursery), and
// the allocator never hands out a retained block (allocator.ts takeFreeBlock).
import { retireTlab } from './allocator.ts';
import { OutOfMemoryError } from './errors.ts';
import { kFaultMovePinned, kFaultPinNotRoot, kFaultStaleRoot } from './faults.ts';
import type { Heap } from './heap.ts';
import * as L from './layout.ts';
import { forEachGlobalRootSlot, forEachRefSlot, forEachThreadRootSlot, rememberIfYoung, walkChunks, walkNursery, walkObjects } from './walk.ts';

/** Where promoted objects go; built lazily by the collector (see collector.ts). */
export interface PromotionTarget {
  alloc(size: number): number;
}

export interface MinorStats {
  objectsCopied: number;
  bytesCopied: number;
  pinnedSeen: number;
  retainedBlocks: number;
  retainedBytes: number;
  blocksFreed: number;
  nurseryUsedBefore: number;
}

export function nurseryUsedBytes(h: Heap): number {
  let used = 0;
  for (let b = 0; b < h.nBlocks; b++) {
    const s = h.i32[h.blockWord(b, L.kBlkState)];
    if (s === L.kBlockFull || s === L.kBlockRetained) used += h.i32[h.blockWord(b, L.kBlkTop)];
    else if (s === L.kBlockTlab) used += h.blockBytes;
  }
  return used;
}

/** The state one minor collection carries from phase to phase. */
class MinorCollection {
  readonly h: Heap;
  readonly i32: Int32Array;
  readonly to: PromotionTarget;
  readonly stats: MinorStats = {
    objectsCopied: 0, bytesCopied: 0, pinnedSeen: 0, retainedBlocks: 0, retainedBytes: 0, blocksFreed: 0, nurseryUsedBefore: 0,
  };
  readonly gray: number[] = [];
  readonly kept: number[] = [];
  readonly keptInBlock: Uint8Array; // sweepNursery retains exactly these blocks
  promotedFrom = 0; // old top before the first promotion: promoted objects lie above it
  remsetTop = 0; // remembered-set entries scanned as roots
  private readonly movePinned: boolean;

  constructor(h: Heap, to: PromotionTarget) {
    this.h = h;
    this.i32 = h.i32;
    this.to = to;
    this.keptInBlock = new Uint8Array(h.nBlocks);
    this.movePinned = h.fault(kFaultMovePinned);
  }

  /** The object's address after this collection: forwarded, kept in place (pinned), or copied now. */
  readonly evacuate = (a: number): number => {
    const h = this.h;
    const i32 = this.i32;
    if (a === 0 || !h.inNursery(a)) return a;
    const w = a >> 2;
    const info = i32[w + L.kObjInfo];
    if ((info & L.kFlagForwarded) !== 0) return i32[w + L.kObjForward];
    if ((info & L.kFlagMarked) !== 0) return a;
    if (!this.movePinned && Atomics.load(i32, w + L.kObjPin) > 0) { // kPinnedNeverMoves
      i32[w + L.kObjInfo] = info | L.kFlagMarked;
      this.kept.push(a);
      this.keptInBlock[h.blockOf(a)] = 1;
      this.gray.push(a);
      this.stats.pinnedSeen++;
      return a;
    }
    const size = i32[w + L.kObjSize];
    const b = this.to.alloc(size);
    if (b === 0) throw new OutOfMemoryError(`old space full while promoting ${size} bytes`, { size });
    i32.copyWithin(b >> 2, w, w + (size >> 2));
    i32[(b >> 2) + L.kObjInfo] = info & ~(L.kFlagRemembered | L.kFlagMarked);
    i32[(b >> 2) + L.kObjPin] = 0; // movePinned fault: the count is dropped with the move
    i32[w + L.kObjInfo] = info | L.kFlagForwarded;
    i32[w + L.kObjForward] = b;
    this.gray.push(b);
    this.stats.objectsCopied++;
    this.stats.bytesCopied += size;
    return b;
  };

  /** Evacuate what one slot refers to and store the new address there. */
  readonly scanSlot = (s: number): void => {
    const a = this.i32[s];
    if (a !== 0 && this.h.inNursery(a)) this.i32[s] = this.evacuate(a);
  };
}

export function minorGc(h: Heap, to: PromotionTarget): MinorStats {
  const c = new MinorCollection(h, to);
  retireTlabs(c);
  scanRoots(c);
  scanGray(c);
  rebuildRemset(c);
  sweepNursery(c);
  return c.stats;
}

/** Phase 1: close every TLAB, so each block's top is known before any scan. */
function retireTlabs(c: MinorCollection): void {
  for (let t = 0; t < c.h.threads; t++) retireTlab(c.h, t);
  c.promotedFrom = c.i32[L.kOldTop];
  c.stats.nurseryUsedBefore = nurseryUsedBytes(c.h);
}

/** Phase 2: thread roots, global roots, pinned objects (a pin is a root), the remembered set. */
function scanRoots(c: MinorCollection): void {
  const h = c.h;
  const i32 = c.i32;
  forEachThreadRootSlot(h, c.scanSlot);
  if (h.fault(kFaultStaleRoot)) {
    // The fault: this class of root keeps the old address.
    forEachGlobalRootSlot(h, (s) => { if (i32[s] !== 0) c.evacuate(i32[s]); });
  } else forEachGlobalRootSlot(h, c.scanSlot);
  // Pin counts are read plainly: the world is stopped, and no thread pins from a safe state (a
  // thread in native only uses the pins it took before).
  if (!h.fault(kFaultPinNotRoot)) {
    walkNursery(h, (a) => {
      if (i32[(a >> 2) + L.kObjPin] > 0 && (i32[(a >> 2) + L.kObjInfo] & L.kFlagForwarded) === 0) c.evacuate(a);
    });
  }
  c.remsetTop = i32[L.kRemsetTop];
  const rs = h.layout.remsetAt;
  for (let k = 0; k < c.remsetTop; k++) forEachRefSlot(h, i32[rs + k], c.scanSlot);
}

/** Phase 3: scan promoted and kept objects until no grey object is left. */
function scanGray(c: MinorCollection): void {
  while (c.gray.length > 0) forEachRefSlot(c.h, c.gray.pop()!, c.scanSlot);
}

/**
 * Phase 4: the remembered set holds exactly the non-nursery objects that still point into the
 * nursery (at kept objects). Promoted objects may point at kept ones: they lie above promotedFrom.
 */
function rebuildRemset(c: MinorCollection): void {
  const h = c.h;
  const i32 = c.i32;
  const rs = h.layout.remsetAt;
  let n = 0;
  const seen = new Set<number>();
  for (let k = 0; k < c.remsetTop; k++) {
    const a = i32[rs + k];
    if (seen.has(a)) continue;
    seen.add(a);
    if (a !== 0 && !h.inNursery(a)) n = rememberIfYoung(h, a, n);
  }
  if (c.kept.length > 0) walkObjects(h, c.promotedFrom, i32[L.kOldTop], (a) => { if (!seen.has(a)) n = rememberIfYoung(h, a, n); });
  i32[L.kRemsetTop] = n;
}

/** Phase 5: retain blocks that hold a kept object (dead neighbours become fillers); free the rest. */
function sweepNursery(c: MinorCollection): void {
  const h = c.h;
  const i32 = c.i32;
  for (let b = 0; b < h.nBlocks; b++) {
    const sw = h.blockWord(b, L.kBlkState);
    const st = i32[sw];
    if (st !== L.kBlockFull && st !== L.kBlockRetained) continue;
    const start = h.blockStart(b);
    if (c.keptInBlock[b] === 1) {
      walkChunks(h, start, start + i32[h.blockWord(b, L.kBlkTop)], (a, size, info) => {
        if ((info & L.kFlagMarked) !== 0) i32[(a >> 2) + L.kObjInfo] = info & ~L.kFlagMarked;
        else if ((info & L.kKindMask) !== L.kKindFiller) h.writeFiller(a, size);
      });
      i32[sw] = L.kBlockRetained;
      c.stats.retainedBlocks++;
      c.stats.retainedBytes += h.blockBytes;
    } else {
      h.poison(start, start + h.blockBytes);
      i32[sw] = L.kBlockFree;
      i32[h.blockWord(b, L.kBlkTop)] = 0;
      c.stats.blocksFreed++;
    }
  }
}
