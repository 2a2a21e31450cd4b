// The heap verifier: headers well formed, every reference points at an object start, no
// forwarding left, freed memory still poisoned, pinned objects where they were pinned.
// Called by: the collector (every kCfgVerifyEvery collections, world stopped) and tests.
//
// Poison checks cost what changed, not the heap's size: free nursery blocks are all checked every
// time, but in old space the collector's verifications (PoisonWatch) check only the range poisoned
// since the previous verification plus a rolling window that covers the rest of the free old space
// every kSweepWindows verifications, so a stray write into long-free memory is still found, a few
// verifications later. A call without `oldPoison` (tests, the end of a run) checks everything.
// The comparison itself runs as memcmp against a poisoned template (Buffer.compare), with a word
// loop only to name the first bad word.
import { hex } from './errors.ts';
import type { Heap } from './heap.ts';
import * as L from './layout.ts';

export interface VerifyProblem {
  invariant: string;
  address: number;
  message: string;
}

export interface VerifyOptions {
  /** Objects that were pinned before the collection, with their addresses: they must not move. */
  pinnedBefore?: ReadonlyMap<number, number>;
  /** Stop after this many problems. */
  limit?: number;
  /** Old-space ranges [from, to) to check for poison (clipped to the free part); all of it when absent. */
  oldPoison?: readonly (readonly [number, number])[];
}

/** Words per poisoned template; a compare covers at most this much at a time. */
const kTemplateBytes = 64 * 1024;
let template: Buffer | null = null;
const heapBytes = new WeakMap<SharedArrayBuffer, Buffer>();

/** The byte address of the first word in [from, to) that is not kPoison, or -1. */
export function firstUnpoisoned(h: Heap, from: number, to: number): number {
  if (template === null) {
    template = Buffer.alloc(kTemplateBytes);
    new Int32Array(template.buffer, template.byteOffset, kTemplateBytes >> 2).fill(L.kPoison);
  }
  let buf = heapBytes.get(h.sab);
  if (!buf) { buf = Buffer.from(h.sab); heapBytes.set(h.sab, buf); }
  for (let a = from; a < to; a += kTemplateBytes) {
    const n = Math.min(kTemplateBytes, to - a);
    if (buf.compare(template, 0, n, a, a + n) === 0) continue;
    for (let w = a >> 2; w < (a + n) >> 2; w++) if (h.i32[w] !== L.kPoison) return w << 2;
  }
  return -1;
}

/**
 * The set of object starts of one verification: a list, and a byte per 8-byte granule of the heap
 * stamped with the verification's generation (no Set of a few hundred thousand numbers, and no
 * clearing but once every 255 verifications). One stamp array per runtime buffer, kept.
 */
class ObjectStarts {
  private static readonly stamps = new WeakMap<SharedArrayBuffer, { stamp: Uint8Array; gen: number }>();
  readonly list: number[] = [];
  private readonly stamp: Uint8Array;
  private readonly gen: number;
  private readonly base: number;
  private readonly end: number;
  constructor(h: Heap) {
    this.base = h.layout.nursery;
    this.end = h.layout.pinSpaceEnd;
    let s = ObjectStarts.stamps.get(h.sab);
    if (!s) {
      s = { stamp: new Uint8Array(Math.ceil((this.end - this.base) / L.kObjAlign)), gen: 0 };
      ObjectStarts.stamps.set(h.sab, s);
    }
    if (++s.gen > 255) { s.stamp.fill(0); s.gen = 1; }
    this.stamp = s.stamp;
    this.gen = s.gen;
  }
  add(a: number): void {
    this.stamp[(a - this.base) >> 3] = this.gen;
    this.list.push(a);
  }
  has(a: number): boolean {
    return a >= this.base && a < this.end && (a & 7) === 0 && this.stamp[(a - this.base) >> 3] === this.gen;
  }
}

/** Each collector verification sweeps 1/kSweepWindows of old space on top of what was freed. */
export const kSweepWindows = 32;

/**
 * The collector's side of incremental poison checking: which old-space ranges the next
 * verification must check. The first verification checks everything (the buffer was poisoned
 * where no one tracked it); later ones check the range poisoned since (Heap.oldPoisonFrom/To,
 * which is the old top's fall in a compaction) and the next rolling window.
 */
export class PoisonWatch {
  private first = true;
  private cursor: number;
  private readonly window: number;
  private readonly h: Heap;
  constructor(h: Heap) {
    this.h = h;
    this.cursor = h.layout.old;
    const oldBytes = h.layout.oldEnd - h.layout.old;
    this.window = Math.max(kTemplateBytes, Math.ceil(oldBytes / kSweepWindows / 64) * 64);
  }
  next(): [number, number][] {
    const h = this.h;
    const { old, oldEnd } = h.layout;
    const ranges: [number, number][] = [];
    if (this.first) {
      ranges.push([old, oldEnd]);
      this.first = false;
    } else {
      if (h.oldPoisonTo > h.oldPoisonFrom) ranges.push([h.oldPoisonFrom, h.oldPoisonTo]);
      const end = Math.min(oldEnd, this.cursor + this.window);
      ranges.push([this.cursor, end]);
      this.cursor = end >= oldEnd ? old : end;
    }
    h.oldPoisonFrom = Infinity;
    h.oldPoisonTo = -Infinity;
    return ranges;
  }
}

export function verifyHeap(h: Heap, o: VerifyOptions = {}): VerifyProblem[] {
  const i32 = h.i32;
  const limit = o.limit ?? 20;
  const problems: VerifyProblem[] = [];
  const report = reporter(h, problems, limit);
  const starts = new ObjectStarts(h);
  const forwardingAllowed = h.strategy === L.kStrategyCopyOnPin; // copy-on-pin forwards outside GC

  const checkObject = (a: number, end: number, space: string): number => {
    const w = a >> 2;
    const size = i32[w + L.kObjSize];
    const info = i32[w + L.kObjInfo];
    if (size === L.kPoison || info === L.kPoison) {
      report('kHeaderWellFormed', a, `poisoned header in live ${space}`);
      return -1;
    }
    if (size < 8 || size % L.kObjAlign !== 0 || a + size > end) {
      report('kHeaderWellFormed', a, `bad object size ${size} in ${space}`);
      return -1;
    }
    const kind = info & L.kKindMask;
    if (kind === L.kKindFiller) return size;
    if (kind !== L.kKindBytes && kind !== L.kKindRefs) {
      report('kHeaderWellFormed', a, `bad kind ${kind} in ${space}`);
      return -1;
    }
    if ((info & L.kFlagForwarded) !== 0 && !(forwardingAllowed && !h.inNursery(a))) {
      report('kNoForwardingAfterGc', a, `forwarding pointer to ${hex(i32[w + L.kObjForward])} left after a collection`);
    }
    if ((info & L.kFlagMarked) !== 0) report('kNoMarksAfterGc', a, 'mark bit left after a collection');
    const pins = Atomics.load(i32, w + L.kObjPin);
    if (pins < 0) report('kPinCountNonNegative', a, `pin count ${pins}`);
    starts.add(a);
    return size;
  };

  // Nursery blocks.
  for (let b = 0; b < h.nBlocks; b++) {
    const st = i32[h.blockWord(b, L.kBlkState)];
    const start = h.blockStart(b);
    if (st === L.kBlockFree) continue; // checkFreedPoison below
    const top = st === L.kBlockTlab ? tlabTop(h, b) : start + i32[h.blockWord(b, L.kBlkTop)];
    for (let a = start; a < top; ) {
      const size = checkObject(a, top, 'nursery');
      if (size < 0) break;
      a += size;
    }
  }
  // Old space: objects up to the top, poison above it.
  const oldTop = i32[L.kOldTop];
  for (let a = h.layout.old; a < oldTop; ) {
    const size = checkObject(a, oldTop, 'old space');
    if (size < 0) break;
    a += size;
  }
  checkFreedPoison(h, o.oldPoison, report);
  for (const [from, to, name] of [[h.layout.los, h.layout.losEnd, 'large-object space'], [h.layout.pinSpace, h.layout.pinSpaceEnd, 'pin space']] as const) {
    for (let a = from; a < to; ) {
      const w = a >> 2;
      if (i32[w + L.kObjInfo] === L.kFreeChunkInfo && i32[w + L.kObjSize] > 0) { a += i32[w + L.kObjSize]; continue; }
      const size = checkObject(a, to, name);
      if (size < 0) break;
      a += size;
    }
  }
  if (problems.length >= limit) return problems;

  // References and roots point at object starts.
  const checkRef = (from: string, holder: number, v: number): void => {
    if (v === 0 || starts.has(v)) return;
    report('kRefsPointAtObjects', holder, `${from} points at ${hex(v)} (${h.spaceOf(v)}), not an object start`);
  };
  for (const a of starts.list) {
    const info = i32[(a >> 2) + L.kObjInfo];
    if ((info & L.kKindMask) !== L.kKindRefs || (info & L.kFlagForwarded) !== 0) continue;
    const n = info >>> L.kInfoRefsShift;
    for (let k = 0; k < n; k++) checkRef(`field ${k} of ${hex(a)}`, a, i32[(a >> 2) + 4 + k]);
    if (problems.length >= limit) return problems;
  }
  for (let t = 0; t < h.threads; t++) {
    for (let s = 0; s < h.rootsPerThread; s++) {
      const v = i32[h.rootSlot(t, s)];
      if (v !== 0 && !starts.has(v)) report('kRootsPointAtObjects', v, `root ${s} of thread ${t} is not an object start`);
    }
  }
  for (let g = 0; g < h.globalRoots; g++) {
    const v = i32[h.globalRootSlot(g)];
    if (v !== 0 && !starts.has(v)) report('kRootsPointAtObjects', v, `global root ${g} is not an object start`);
  }
  if (o.pinnedBefore) {
    for (const [a, size] of o.pinnedBefore) {
      if (!starts.has(a) || h.size(a) !== size) report('kPinnedNeverMoves', a, `object pinned before the collection (${size} bytes) is no longer there`);
    }
  }
  return problems;
}

type Report = (invariant: string, address: number, message: string) => boolean;

/** Collects problems (with the address and its space); false once `limit` are in. */
function reporter(h: Heap, problems: VerifyProblem[], limit: number): Report {
  return (invariant, address, message) => {
    problems.push({ invariant, address, message: `${message} at ${hex(address)} (${h.spaceOf(address)})` });
    return problems.length < limit;
  };
}

/** kFreedMemoryPoisoned: every free nursery block, and old space above the top (or the given part of it). */
function checkFreedPoison(h: Heap, oldPoison: VerifyOptions['oldPoison'], report: Report): void {
  if (!h.poisonFreed) return;
  const i32 = h.i32;
  for (let b = 0; b < h.nBlocks; b++) {
    if (i32[h.blockWord(b, L.kBlkState)] !== L.kBlockFree) continue;
    const bad = firstUnpoisoned(h, h.blockStart(b), h.blockStart(b) + h.blockBytes);
    if (bad >= 0 && !report('kFreedMemoryPoisoned', bad, `free nursery block ${b} overwritten (0x${(i32[bad >> 2] >>> 0).toString(16)})`)) return;
  }
  const oldTop = i32[L.kOldTop];
  for (const [from, to] of oldPoison ?? [[oldTop, h.layout.oldEnd]]) {
    const bad = firstUnpoisoned(h, Math.max(from, oldTop), Math.min(to, h.layout.oldEnd));
    if (bad >= 0) { report('kFreedMemoryPoisoned', bad, 'old space above the top overwritten'); return; }
  }
}

/**
 * Only the poison checks, over all free memory: what may be checked outside a collection (at the
 * end of a run), when the rest of the heap need not look as a collection leaves it (copy-on-pin
 * forwards nursery objects between collections).
 */
export function verifyFreedMemory(h: Heap): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  checkFreedPoison(h, undefined, reporter(h, problems, 20));
  return problems;
}

function tlabTop(h: Heap, b: number): number {
  for (let t = 0; t < h.threads; t++) {
    const end = h.i32[h.th(t, L.kThTlabEnd)];
    if (end !== 0 && h.blockOf(end - 1) === b) return h.i32[h.th(t, L.kThTlabCur)];
  }
  return h.blockStart(b);
}

/** Every pinned object in the heap with its size, for kPinnedNeverMoves. */
export function pinnedObjects(h: Heap): Map<number, number> {
  const out = new Map<number, number>();
  const i32 = h.i32;
  const visit = (from: number, to: number, isFree: (a: number) => boolean): void => {
    for (let a = from; a < to; ) {
      const size = i32[(a >> 2) + L.kObjSize];
      if (size <= 0) return;
      const kind = i32[(a >> 2) + L.kObjInfo] & L.kKindMask;
      if (!isFree(a) && kind !== L.kKindFiller && size >= 16 && Atomics.load(i32, (a >> 2) + L.kObjPin) > 0) out.set(a, size);
      a += size;
    }
  };
  for (let b = 0; b < h.nBlocks; b++) {
    const st = i32[h.blockWord(b, L.kBlkState)];
    if (st === L.kBlockFree) continue;
    const start = h.blockStart(b);
    visit(start, st === L.kBlockTlab ? tlabTop(h, b) : start + i32[h.blockWord(b, L.kBlkTop)], () => false);
  }
  visit(h.layout.old, i32[L.kOldTop], () => false);
  const freeChunk = (a: number): boolean => i32[(a >> 2) + L.kObjInfo] === L.kFreeChunkInfo;
  visit(h.layout.los, h.layout.losEnd, freeChunk);
  visit(h.layout.pinSpace, h.layout.pinSpaceEnd, freeChunk);
  return out;
}
