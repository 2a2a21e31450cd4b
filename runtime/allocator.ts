// Allocation: nursery blocks handed out as TLABs, the old-space bump pointer, and first-fit free
// lists for the two non-moving spaces (large objects, pin space).
// Called by: mutators (under gc_mutex) and the collector (with the world stopped).
// Invariant kNeverAllocOverPinned: a retained block is never handed out.
import { kFaultAllocOverPinned } from './faults.ts';
import type { Heap } from './heap.ts';
import * as L from './layout.ts';
import { chunkSize, walkChunks } from './walk.ts';

/** Take a free nursery block for a TLAB; returns its block index or -1. Caller holds gc_mutex. */
export function takeFreeBlock(h: Heap): number {
  const i32 = h.i32;
  const n = h.nBlocks;
  const start = i32[L.kNurseryCursor];
  const overPinned = (h.faults & kFaultAllocOverPinned) !== 0;
  for (let k = 0; k < n; k++) {
    const b = (start + k) % n;
    const s = i32[h.blockWord(b, L.kBlkState)];
    if (s === L.kBlockFree || (overPinned && s === L.kBlockRetained)) {
      i32[h.blockWord(b, L.kBlkState)] = L.kBlockTlab;
      i32[h.blockWord(b, L.kBlkTop)] = 0;
      i32[L.kNurseryCursor] = (b + 1) % n;
      // Fresh memory is zeroed here, once per block, not per object.
      const from = h.blockStart(b) >> 2;
      i32.fill(0, from, from + (h.blockBytes >> 2));
      return b;
    }
  }
  return -1;
}

/** Refill thread tid's TLAB; false when the nursery has no free block. Caller holds gc_mutex. */
export function refillTlab(h: Heap, tid: number): boolean {
  retireTlab(h, tid);
  const b = takeFreeBlock(h);
  if (b < 0) return false;
  const start = h.blockStart(b);
  h.i32[h.th(tid, L.kThTlabCur)] = start;
  h.i32[h.th(tid, L.kThTlabEnd)] = start + h.blockBytes;
  return true;
}

/** Close a thread's TLAB: its block becomes full, with the bytes used recorded. */
export function retireTlab(h: Heap, tid: number): void {
  const i32 = h.i32;
  const end = i32[h.th(tid, L.kThTlabEnd)];
  if (end === 0) return;
  const cur = i32[h.th(tid, L.kThTlabCur)];
  const b = h.blockOf(end - 1);
  i32[h.blockWord(b, L.kBlkState)] = L.kBlockFull;
  i32[h.blockWord(b, L.kBlkTop)] = cur - h.blockStart(b);
  i32[h.th(tid, L.kThTlabCur)] = 0;
  i32[h.th(tid, L.kThTlabEnd)] = 0;
}

/** Bump-allocate in old space; 0 when full. Caller holds gc_mutex or has the world stopped. */
export function oldAlloc(h: Heap, size: number): number {
  const i32 = h.i32;
  const a = i32[L.kOldTop];
  if (a + size > h.layout.oldEnd) return 0;
  i32[L.kOldTop] = a + size;
  return a;
}

export function oldFree(h: Heap): number {
  return h.layout.oldEnd - h.i32[L.kOldTop];
}

/**
 * First-fit allocation in a non-moving space [from, to): a chunk walk, splitting the first free
 * chunk that fits. Returns 0 when nothing fits. The memory is zeroed and kObjSize holds the chunk's
 * real size, which may exceed `size` (a remainder too small to be a chunk is absorbed): callers
 * must keep that size in the header, or the space stops being parseable. Caller holds gc_mutex.
 */
export function freeListAlloc(h: Heap, from: number, to: number, size: number): number {
  const i32 = h.i32;
  for (let a = from; a < to;) {
    const sz = chunkSize(h, a, to);
    const w = a >> 2;
    if (i32[w + L.kObjInfo] === L.kFreeChunkInfo && sz >= size) {
      const rest = sz - size;
      if (rest >= L.kObjHeaderBytes) {
        i32[((a + size) >> 2) + L.kObjSize] = rest;
        i32[((a + size) >> 2) + L.kObjInfo] = L.kFreeChunkInfo;
      } else size = sz;
      i32.fill(0, w, (a + size) >> 2);
      i32[w + L.kObjSize] = size;
      return a;
    }
    a += sz;
  }
  return 0;
}

/** Free every unmarked, unpinned object of a non-moving space and coalesce; clears marks. */
export function sweepFreeList(h: Heap, from: number, to: number): { live: number; free: number; largestFree: number } {
  const i32 = h.i32;
  let live = 0, free = 0, largestFree = 0;
  let runStart = -1;
  const closeRun = (end: number): void => {
    if (runStart < 0) return;
    const sz = end - runStart;
    h.poison(runStart, end);
    i32[(runStart >> 2) + L.kObjSize] = sz;
    i32[(runStart >> 2) + L.kObjInfo] = L.kFreeChunkInfo;
    free += sz;
    if (sz > largestFree) largestFree = sz;
    runStart = -1;
  };
  walkChunks(h, from, to, (a, size, info) => {
    // Fillers (and free chunks) are dead whatever follows their first words: an 8-byte filler has no pin word.
    const dead = (info & L.kKindMask) === L.kKindFiller || ((info & L.kFlagMarked) === 0 && Atomics.load(i32, (a >> 2) + L.kObjPin) <= 0);
    if (dead) {
      if (runStart < 0) runStart = a;
    } else {
      closeRun(a);
      i32[(a >> 2) + L.kObjInfo] = info & ~L.kFlagMarked;
      live += size;
    }
  });
  closeRun(to);
  return { live, free, largestFree };
}
