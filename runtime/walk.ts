// The one heap walker, and the one way to visit root slots and reference fields. Every loop over
// the heap in the runtime (collections, sweeps, the verifier) goes through here, so they share one
// rule for a header that cannot be parsed:
//
// Invariant kHeapParseable: every space parses from its start to its top as a sequence of
// chunks (objects, fillers, free chunks) whose size is a multiple of 8, at least 8, and ends within
// the space. A walk that meets a chunk breaking it throws HeapCorruptError at once: a collection
// must not go on over memory it cannot read (a zero size would spin forever with the world
// stopped, and be reported as a hang rather than the corruption it is).
import { HeapCorruptError } from './errors.ts';
import type { Heap } from './heap.ts';
import * as L from './layout.ts';

/** Size of the chunk at `a` in a space ending at `end`; throws HeapCorruptError if it does not parse. */
export function chunkSize(h: Heap, a: number, end: number): number {
  const size = h.i32[(a >> 2) + L.kObjSize];
  if (size < L.kObjAlign || (size & (L.kObjAlign - 1)) !== 0 || a + size > end) throw new HeapCorruptError(h, a, size);
  return size;
}

/** True for a header of a real object (bytes or refs), false for fillers and free chunks. */
export function isObjectInfo(info: number): boolean {
  const kind = info & L.kKindMask;
  return kind === L.kKindBytes || kind === L.kKindRefs;
}

/** Visit every chunk in [from, to): objects, fillers and free chunks, with size and info. */
export function walkChunks(h: Heap, from: number, to: number, f: (a: number, size: number, info: number) => void): void {
  const i32 = h.i32;
  for (let a = from; a < to;) {
    const size = chunkSize(h, a, to);
    f(a, size, i32[(a >> 2) + L.kObjInfo]);
    a += size;
  }
}

/** Visit every object (not fillers, not free chunks) in [from, to). */
export function walkObjects(h: Heap, from: number, to: number, f: (a: number) => void): void {
  const i32 = h.i32;
  for (let a = from; a < to;) {
    const size = chunkSize(h, a, to);
    if (isObjectInfo(i32[(a >> 2) + L.kObjInfo])) f(a);
    a += size;
  }
}

/** The parseable end of nursery block b: its top, or the owning thread's TLAB cursor. */
export function blockTop(h: Heap, b: number): number {
  const i32 = h.i32;
  const st = i32[h.blockWord(b, L.kBlkState)];
  if (st === L.kBlockFree) return h.blockStart(b);
  if (st !== L.kBlockTlab) return h.blockStart(b) + i32[h.blockWord(b, L.kBlkTop)];
  for (let t = 0; t < h.threads; t++) {
    const end = i32[h.th(t, L.kThTlabEnd)];
    if (end !== 0 && h.blockOf(end - 1) === b) return i32[h.th(t, L.kThTlabCur)];
  }
  return h.blockStart(b);
}

/** Visit every object in the nursery's used blocks (full, retained, and TLABs up to their cursor). */
export function walkNursery(h: Heap, f: (a: number) => void): void {
  for (let b = 0; b < h.nBlocks; b++) {
    const start = h.blockStart(b);
    const top = blockTop(h, b);
    if (top > start) walkObjects(h, start, top, f);
  }
}

/** The spaces objects live in, in address order, as [from, to) at this moment. */
export function spaces(h: Heap): { name: 'old space' | 'large-object space' | 'pin space'; from: number; to: number }[] {
  const l = h.layout;
  return [
    { name: 'old space', from: l.old, to: h.i32[L.kOldTop] },
    { name: 'large-object space', from: l.los, to: l.losEnd },
    { name: 'pin space', from: l.pinSpace, to: l.pinSpaceEnd },
  ];
}

/** Visit every object outside the nursery: old space up to its top, then the two non-moving spaces. */
export function walkMature(h: Heap, f: (a: number) => void): void {
  for (const s of spaces(h)) walkObjects(h, s.from, s.to, f);
}

/** Visit every object in the heap. */
export function walkHeap(h: Heap, f: (a: number) => void): void {
  walkNursery(h, f);
  walkMature(h, f);
}

/** Visit every thread's root slots (i32 indices), collector's included. */
export function forEachThreadRootSlot(h: Heap, f: (slot: number) => void): void {
  const r0 = h.layout.rootsAt;
  const end = r0 + h.threads * h.rootsPerThread;
  for (let s = r0; s < end; s++) f(s);
}

/** Visit the global root slots (i32 indices). */
export function forEachGlobalRootSlot(h: Heap, f: (slot: number) => void): void {
  const g0 = h.layout.globalRootsAt;
  const end = g0 + h.globalRoots;
  for (let s = g0; s < end; s++) f(s);
}

/** Visit every root slot: the threads' and then the global ones. */
export function forEachRootSlot(h: Heap, f: (slot: number) => void): void {
  forEachThreadRootSlot(h, f);
  forEachGlobalRootSlot(h, f);
}

/** Visit the reference fields (i32 indices) of the object at `a`; none unless it is a refs object. */
export function forEachRefSlot(h: Heap, a: number, f: (slot: number) => void): void {
  const info = h.i32[(a >> 2) + L.kObjInfo];
  if ((info & L.kKindMask) !== L.kKindRefs) return;
  const f0 = L.payloadIndex(a, 0);
  const end = f0 + (info >>> L.kInfoRefsShift);
  for (let s = f0; s < end; s++) f(s);
}

/** True when the (unforwarded) refs object at `a` holds a reference into the nursery. */
export function holdsYoungRef(h: Heap, a: number): boolean {
  const i32 = h.i32;
  const info = i32[(a >> 2) + L.kObjInfo];
  if ((info & L.kKindMask) !== L.kKindRefs || (info & L.kFlagForwarded) !== 0) return false;
  const f0 = L.payloadIndex(a, 0);
  const end = f0 + (info >>> L.kInfoRefsShift);
  for (let s = f0; s < end; s++) if (h.inNursery(i32[s])) return true;
  return false;
}

/**
 * kLiveObjectAt: `a` is the start of a live object: inside the heap, aligned, with a header that
 * parses as an object (not a filler, free chunk or poison) and is not forwarded, unless the pin
 * strategy forwards outside collections (copy-on-pin), where the read barrier follows it.
 */
export function isLiveObjectAt(h: Heap, a: number): boolean {
  if (a === 0 || !h.inHeap(a) || (a & (L.kObjAlign - 1)) !== 0) return false;
  const size = h.i32[(a >> 2) + L.kObjSize];
  const info = h.i32[(a >> 2) + L.kObjInfo];
  if (size < L.kObjHeaderBytes || (size & (L.kObjAlign - 1)) !== 0 || !isObjectInfo(info)) return false;
  return (info & L.kFlagForwarded) === 0 || h.strategy === L.kStrategyCopyOnPin;
}

/**
 * The remembered-set rule, for both collections' rebuildRemset: a non-nursery object that holds a
 * young reference is entered at index n (and flagged); one that does not loses its flag. Returns
 * the new entry count. World stopped.
 */
export function rememberIfYoung(h: Heap, a: number, n: number): number {
  const i32 = h.i32;
  if (holdsYoungRef(h, a)) {
    i32[(a >> 2) + L.kObjInfo] |= L.kFlagRemembered;
    i32[h.layout.remsetAt + n] = a;
    return n + 1;
  }
  i32[(a >> 2) + L.kObjInfo] &= ~L.kFlagRemembered;
  return n;
}
