// Minor collection: evacuate reachable, unpinned nursery objects into old space; leave pinned ones
// in place and retain their blocks; update roots, references and the remembered set; poison
// freed memory. Runs on the collector thread with the world stopped and gc_mutex held.
//
// Phases, in order (each rule on its entry):
//  1. retireTlabs     every TLAB closes first, so each block's top is known before any scan.
//  2. scanRoots       thread roots, global roots, then pinned objects (a pin is a root), then the
//                     remembered set; pinned objects are kept before anything could copy them.
//  3. scanGray        Cheney scan of promoted and kept objects until no grey object is left.
//  4. rebuildRemset   after every reference is final: old holders that still point at kept
//                     (pinned) nursery objects stay remembered.
//  5. sweepNursery    last: blocks with a kept object are retained (dead neighbours become
//                     poisoned fillers), every other block is poisoned and freed.
// Invariant kPinnedNeverMoves: an object with a pin count above zero at phase 2 keeps its address.
import { retireTlab } from './allocator.ts';
import { OutOfMemoryError } from './errors.ts';
import { kFaultMovePinned, kFaultPinNotRoot, kFaultStaleRoot } from './faults.ts';
import type { Heap } from './heap.ts';
import * as L from './layout.ts';

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

export function minorGc(h: Heap, to: PromotionTarget): MinorStats {
  const i32 = h.i32;
  const movePinned = h.fault(kFaultMovePinned);
  const stats: MinorStats = {
    objectsCopied: 0, bytesCopied: 0, pinnedSeen: 0, retainedBlocks: 0, retainedBytes: 0, blocksFreed: 0,
    nurseryUsedBefore: 0,
  };
  // 1. retireTlabs
  for (let t = 0; t < h.threads; t++) retireTlab(h, t);
  const promotedFrom = i32[L.kOldTop];
  stats.nurseryUsedBefore = nurseryUsedBytes(h);

  const gray: number[] = [];
  const kept: number[] = [];
  const keptInBlock = new Uint8Array(h.nBlocks); // sweepNursery retains exactly these blocks
  const evacuate = (a: number): number => {
    if (a === 0 || !h.inNursery(a)) return a;
    const w = a >> 2;
    const info = i32[w + L.kObjInfo];
    if ((info & L.kFlagForwarded) !== 0) return i32[w + L.kObjForward];
    if ((info & L.kFlagMarked) !== 0) return a;
    if (!movePinned && Atomics.load(i32, w + L.kObjPin) > 0) {
      i32[w + L.kObjInfo] = info | L.kFlagMarked;
      kept.push(a);
      keptInBlock[h.blockOf(a)] = 1;
      gray.push(a);
      stats.pinnedSeen++;
      return a;
    }
    const size = i32[w + L.kObjSize];
    const b = to.alloc(size);
    if (b === 0) throw new OutOfMemoryError(`old space full while promoting ${size} bytes`, { size });
    i32.copyWithin(b >> 2, w, w + (size >> 2));
    i32[(b >> 2) + L.kObjInfo] = info & ~(L.kFlagRemembered | L.kFlagMarked);
    i32[(b >> 2) + L.kObjPin] = 0; // movePinned fault: the count is dropped with the move
    i32[w + L.kObjInfo] = info | L.kFlagForwarded;
    i32[w + L.kObjForward] = b;
    gray.push(b);
    stats.objectsCopied++;
    stats.bytesCopied += size;
    return b;
  };

  // 2. scanRoots
  const r0 = h.layout.rootsAt;
  const rEnd = r0 + h.threads * h.rootsPerThread;
  for (let s = r0; s < rEnd; s++) {
    const a = i32[s];
    if (a !== 0) i32[s] = evacuate(a);
  }
  const staleGlobals = h.fault(kFaultStaleRoot);
  const g0 = h.layout.globalRootsAt;
  for (let s = g0; s < g0 + h.globalRoots; s++) {
    const a = i32[s];
    if (a === 0) continue;
    const b = evacuate(a);
    if (!staleGlobals) i32[s] = b; // the stale-root fault: this class of root keeps the old address
  }
  // A pin is a root. Pin counts are read plainly: the world is stopped, and no thread pins from a
  // safe state (a thread in native only uses the pins it took before).
  if (!h.fault(kFaultPinNotRoot)) forEachNurseryObject(h, (a) => {
    if (i32[(a >> 2) + L.kObjPin] > 0 && (i32[(a >> 2) + L.kObjInfo] & L.kFlagForwarded) === 0) evacuate(a);
  });
  const remTop = i32[L.kRemsetTop];
  const rs = h.layout.remsetAt;
  for (let k = 0; k < remTop; k++) scanFields(h, i32[rs + k], evacuate);

  // 3. scanGray
  while (gray.length > 0) scanFields(h, gray.pop()!, evacuate);

  // 4. rebuildRemset
  let n = 0;
  const keepIfYoung = (a: number): void => {
    if (a === 0 || h.inNursery(a)) return;
    if (holdsYoungRef(h, a)) {
      i32[(a >> 2) + L.kObjInfo] |= L.kFlagRemembered;
      i32[rs + n++] = a;
    } else i32[(a >> 2) + L.kObjInfo] &= ~L.kFlagRemembered;
  };
  const seen = new Set<number>();
  for (let k = 0; k < remTop; k++) {
    const a = i32[rs + k];
    if (!seen.has(a)) { seen.add(a); keepIfYoung(a); }
  }
  // Promoted objects may now point at kept (pinned) ones: they lie above the old top we began with.
  if (kept.length > 0) forEachOldObject(h, promotedFrom, i32[L.kOldTop], (a) => { if (!seen.has(a)) keepIfYoung(a); });
  i32[L.kRemsetTop] = n;

  // 5. sweepNursery
  for (let b = 0; b < h.nBlocks; b++) {
    const sw = h.blockWord(b, L.kBlkState);
    const st = i32[sw];
    if (st !== L.kBlockFull && st !== L.kBlockRetained) continue;
    const start = h.blockStart(b);
    const top = start + i32[h.blockWord(b, L.kBlkTop)];
    if (keptInBlock[b] === 1) {
      for (let a = start; a < top; ) {
        const w = a >> 2;
        const size = i32[w + L.kObjSize];
        const info = i32[w + L.kObjInfo];
        if ((info & L.kFlagMarked) !== 0) i32[w + L.kObjInfo] = info & ~L.kFlagMarked;
        else if ((info & L.kKindMask) !== L.kKindFiller) h.writeFiller(a, size);
        a += size;
      }
      i32[sw] = L.kBlockRetained;
      stats.retainedBlocks++;
      stats.retainedBytes += h.blockBytes;
    } else {
      h.poison(start, start + h.blockBytes);
      i32[sw] = L.kBlockFree;
      i32[h.blockWord(b, L.kBlkTop)] = 0;
      stats.blocksFreed++;
    }
  }
  return stats;
}

/** Visit every object in full and retained nursery blocks (TLABs must be retired). */
export function forEachNurseryObject(h: Heap, f: (a: number) => void): void {
  const i32 = h.i32;
  for (let b = 0; b < h.nBlocks; b++) {
    const st = i32[h.blockWord(b, L.kBlkState)];
    if (st !== L.kBlockFull && st !== L.kBlockRetained) continue;
    const start = h.blockStart(b);
    const top = start + i32[h.blockWord(b, L.kBlkTop)];
    for (let a = start; a < top; ) {
      const size = i32[(a >> 2) + L.kObjSize];
      if (size <= 0) break;
      if ((i32[(a >> 2) + L.kObjInfo] & L.kKindMask) !== L.kKindFiller) f(a);
      a += size;
    }
  }
}

function scanFields(h: Heap, a: number, evacuate: (a: number) => number): void {
  const i32 = h.i32;
  const info = i32[(a >> 2) + L.kObjInfo];
  if ((info & L.kKindMask) !== L.kKindRefs) return;
  const n = info >>> L.kInfoRefsShift;
  const f0 = (a >> 2) + 4;
  for (let k = 0; k < n; k++) {
    const v = i32[f0 + k];
    if (v !== 0 && h.inNursery(v)) i32[f0 + k] = evacuate(v);
  }
}

export function holdsYoungRef(h: Heap, a: number): boolean {
  const i32 = h.i32;
  const info = i32[(a >> 2) + L.kObjInfo];
  if ((info & L.kKindMask) !== L.kKindRefs || (info & L.kFlagForwarded) !== 0) return false;
  const n = info >>> L.kInfoRefsShift;
  const f0 = (a >> 2) + 4;
  for (let k = 0; k < n; k++) if (h.inNursery(i32[f0 + k])) return true;
  return false;
}

/** Visit the objects (not fillers) of a parseable old-space range. */
export function forEachOldObject(h: Heap, from: number, to: number, f: (a: number) => void): void {
  const i32 = h.i32;
  for (let a = from; a < to; ) {
    const size = i32[(a >> 2) + L.kObjSize];
    if (size <= 0) break;
    if ((i32[(a >> 2) + L.kObjInfo] & L.kKindMask) !== L.kKindFiller) f(a);
    a += size;
  }
}
