// The heap verifier: every space parses, headers well formed, every reference points at an object
// start, no forwarding or marks left, freed memory still poisoned (free blocks, old space above the
// top, the payload of every filler and free chunk), pinned objects where they were
// pinned; right after a collection also: retained blocks hold pins, the remembered set is complete,
// and after a full one no garbage is left outside the nursery;
// and whatever per-object checks the caller adds (the harness's content and identity oracle).
// Called by: the collector (every kCfgVerifyEvery collections, world stopped) and tests.
//
// Poison checks cost what changed, not the heap's size: free nursery blocks are all checked every
// time, but in old space the collector's verifications (PoisonWatch) check only the range poisoned
// since the previous verification plus a rolling window that covers the rest of the free old space
// every kSweepWindows verifications, so a stray write into long-free memory is still found, a few
// verifications later. A call without `oldPoison` (tests, the end of a run) checks everything.
// The comparison itself runs as memcmp against a poisoned template (Buffer.compare), with a word
// loop only to name the first bad word.
import { HeapCorruptError, hex } from './errors.ts';
import type { Heap } from './heap.ts';
import * as L from './layout.ts';
import { blockTop, forEachRefSlot, forEachRootSlot, holdsYoungRef, isObjectInfo, spaces, walkChunks, walkHeap, walkMature, walkObjects } from './walk.ts';

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
  /** The heap is as a collection leaves it: also check kRetainedBlocksHoldPins and kRemsetComplete. */
  afterCollection?: boolean;
  /** The collection ended with a major phase after its minor one: also check kNoGarbageAfterFull. */
  afterFullCollection?: boolean;
  /** Checks of the caller's own (the harness's content oracle). */
  extra?: VerifierExtension;
}

/** What a caller adds to the verifier: a check per live object, and checks of the heap as a whole. */
export interface VerifierExtension {
  object?: ObjectCheck;
  heap?: (h: Heap) => VerifyProblem[];
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
  private static readonly stamps = new WeakMap<SharedArrayBuffer, { stamp: Uint8Array; gen: number; base: number }>();
  readonly list: number[] = [];
  private readonly stamp: Uint8Array;
  private readonly gen: number;
  private readonly base: number;
  private readonly end: number;
  constructor(h: Heap) {
    this.base = h.layout.nursery;
    this.end = h.layout.pinSpaceEnd;
    // A recycled buffer may carry another layout than the run that stamped it last.
    const granules = Math.ceil((this.end - this.base) / L.kObjAlign);
    let s = ObjectStarts.stamps.get(h.sab);
    if (!s || s.base !== this.base || s.stamp.length !== granules) {
      s = { stamp: new Uint8Array(granules), gen: 0, base: this.base };
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

/**
 * Per-object checks a caller adds to the verifier (the harness's content oracle): called for every
 * live object after the structural checks passed; returns problems as [invariant, message] or null.
 */
export type ObjectCheck = (h: Heap, a: number, isObjectStart: (a: number) => boolean) => [string, string] | null;

export function verifyHeap(h: Heap, o: VerifyOptions = {}): VerifyProblem[] {
  const i32 = h.i32;
  const limit = o.limit ?? 20;
  const problems: VerifyProblem[] = [];
  const report = reporter(h, problems, limit);
  const starts = new ObjectStarts(h);
  const forwardingAllowed = h.strategy === L.kStrategyCopyOnPin; // copy-on-pin forwards outside GC

  const checkObject = (a: number, size: number, info: number, space: string): void => {
    if (info === L.kPoison) { report('kHeaderWellFormed', a, `poisoned header in live ${space}`); return; }
    const kind = info & L.kKindMask;
    if (kind === L.kKindFiller) { // fillers and free chunks (kFreeChunkInfo is of kind filler)
      // kFreedMemoryPoisoned: a dead range keeps only its header (a filler's pin word too).
      const from = a + (info === L.kFreeChunkInfo ? 8 : 12);
      const bad = h.poisonFreed && size > from - a ? firstUnpoisoned(h, from, a + size) : -1;
      if (bad >= 0) report('kFreedMemoryPoisoned', bad, `${info === L.kFreeChunkInfo ? 'free chunk' : 'filler'} at ${hex(a)} in ${space} overwritten (${hex(i32[bad >> 2])})`);
      return;
    }
    if (!isObjectInfo(info) || size < L.kObjHeaderBytes) {
      report('kHeaderWellFormed', a, kind === L.kKindBytes || kind === L.kKindRefs ? `object of ${size} bytes in ${space}` : `bad kind ${kind} in ${space}`);
      return;
    }
    if ((info & L.kFlagForwarded) !== 0 && !(forwardingAllowed && !h.inNursery(a))) {
      report('kNoForwardingAfterGc', a, `forwarding pointer to ${hex(i32[(a >> 2) + L.kObjForward])} left after a collection`);
    }
    if ((info & L.kFlagMarked) !== 0) report('kNoMarksAfterGc', a, 'mark bit left after a collection');
    const pins = Atomics.load(i32, (a >> 2) + L.kObjPin);
    if (pins < 0) report('kPinCountNonNegative', a, `pin count ${pins}`);
    starts.add(a);
  };
  /** One space or nursery block: a walk that stops, reported, where the space stops parsing. */
  const walkSpace = (from: number, to: number, space: string): void => {
    try {
      walkChunks(h, from, to, (a, size, info) => checkObject(a, size, info, space));
    } catch (e) {
      if (!(e instanceof HeapCorruptError)) throw e;
      report('kHeapParseable', e.details.address as number, `${space} cannot be walked: ${e.message}`);
    }
  };

  for (let b = 0; b < h.nBlocks; b++) walkSpace(h.blockStart(b), blockTop(h, b), 'nursery');
  for (const s of spaces(h)) walkSpace(s.from, s.to, s.name);
  checkFreedPoison(h, o.oldPoison, report);
  if (problems.length >= limit) return problems;

  // References and roots point at object starts.
  const checkRef = (from: string, holder: number, v: number): void => {
    if (v === 0 || starts.has(v)) return;
    report('kRefsPointAtObjects', holder, `${from} points at ${hex(v)} (${h.spaceOf(v)}), not an object start`);
  };
  for (const a of starts.list) {
    if ((i32[(a >> 2) + L.kObjInfo] & L.kFlagForwarded) !== 0) continue;
    forEachRefSlot(h, a, (s) => checkRef(`field ${s - L.payloadIndex(a, 0)} of ${hex(a)}`, a, i32[s]));
    if (problems.length >= limit) return problems;
  }
  forEachRootSlot(h, (s) => {
    const v = i32[s];
    if (v !== 0 && !starts.has(v)) report('kRootsPointAtObjects', v, `${rootName(h, s)} is not an object start`);
  });
  if (o.pinnedBefore) {
    for (const [a, size] of o.pinnedBefore) {
      if (!starts.has(a) || h.size(a) !== size) report('kPinnedNeverMoves', a, `object pinned before the collection (${size} bytes) is no longer there`);
    }
  }
  if (o.afterCollection) {
    checkRetainedBlocks(h, report);
    checkRemset(h, starts.list, report);
  }
  if (o.afterFullCollection && problems.length === 0) checkNoGarbage(h, report);
  const objectCheck = o.extra?.object;
  if (objectCheck && problems.length < limit) {
    const isStart = (a: number): boolean => starts.has(a);
    for (const a of starts.list) {
      if ((i32[(a >> 2) + L.kObjInfo] & L.kFlagForwarded) !== 0) continue;
      const p = objectCheck(h, a, isStart);
      if (p && !report(p[0], a, p[1])) break;
    }
  }
  if (o.extra?.heap && problems.length < limit) problems.push(...o.extra.heap(h).slice(0, limit - problems.length));
  return problems;
}

/**
 * kNoGarbageAfterFull (right after a collection whose last phase was major, which ran when the
 * nursery held only kept objects): every object outside the nursery is reachable from a root slot,
 * a pinned object (a pin is a root) or a kept nursery object. What a sweep or a compaction should
 * have freed and did not is a leak that grows for ever; the verifier finds it with its own walk,
 * not with the collection's marks. Objects left forwarded by copy-on-pin are old copies, not
 * objects, and are not judged.
 */
function checkNoGarbage(h: Heap, report: Report): void {
  const i32 = h.i32;
  const reached = new Set<number>();
  const stack: number[] = [];
  const reach = (a: number): void => {
    if (a === 0 || reached.has(a)) return;
    reached.add(a);
    stack.push(a);
  };
  forEachRootSlot(h, (s) => reach(i32[s]));
  walkHeap(h, (a) => {
    if ((i32[(a >> 2) + L.kObjInfo] & L.kFlagForwarded) !== 0) return;
    if (h.inNursery(a) || Atomics.load(i32, (a >> 2) + L.kObjPin) > 0) reach(a);
  });
  while (stack.length > 0) forEachRefSlot(h, stack.pop()!, (s) => reach(i32[s]));
  walkMature(h, (a) => {
    if ((i32[(a >> 2) + L.kObjInfo] & L.kFlagForwarded) !== 0 || reached.has(a)) return;
    report('kNoGarbageAfterFull', a, `unreachable ${h.size(a)}-byte object survived a full collection`);
  });
}

/** A root slot's name for a report: "root 3 of mutator-1" or "global root 5". */
function rootName(h: Heap, slot: number): string {
  const g = slot - h.layout.globalRootsAt;
  if (g >= 0) return `global root ${g}`;
  const r = slot - h.layout.rootsAt;
  return `root ${r % h.rootsPerThread} of thread ${Math.floor(r / h.rootsPerThread)}`;
}

/**
 * kRetainedBlocksHoldPins (right after a collection): a nursery block is retained only while it
 * holds a pinned object; one that does not is leaked for good, since nothing frees it but the next
 * collection's finding that it holds none.
 */
function checkRetainedBlocks(h: Heap, report: Report): void {
  const i32 = h.i32;
  for (let b = 0; b < h.nBlocks; b++) {
    if (i32[h.blockWord(b, L.kBlkState)] !== L.kBlockRetained) continue;
    let pinned = false;
    try {
      walkObjects(h, h.blockStart(b), blockTop(h, b), (a) => { if (Atomics.load(i32, (a >> 2) + L.kObjPin) > 0) pinned = true; });
    } catch (e) {
      if (e instanceof HeapCorruptError) continue; // reported by the walk above
      throw e;
    }
    if (!pinned && !report('kRetainedBlocksHoldPins', h.blockStart(b), `nursery block ${b} is retained but holds no pinned object`)) return;
  }
}

/**
 * kRemsetComplete (right after a collection): every object outside the nursery that holds a
 * reference into the nursery is in the remembered set, or the next minor collection would miss
 * the young object it holds.
 */
function checkRemset(h: Heap, starts: readonly number[], report: Report): void {
  const i32 = h.i32;
  const inSet = new Set<number>();
  const top = i32[L.kRemsetTop];
  for (let k = 0; k < top; k++) inSet.add(i32[h.layout.remsetAt + k]);
  for (const a of starts) {
    if (h.inNursery(a) || !holdsYoungRef(h, a) || inSet.has(a)) continue;
    if (!report('kRemsetComplete', a, 'holds a reference into the nursery but is not in the remembered set')) return;
  }
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

/** Every pinned object in the heap with its size, for kPinnedNeverMoves. */
export function pinnedObjects(h: Heap): Map<number, number> {
  const out = new Map<number, number>();
  const i32 = h.i32;
  walkHeap(h, (a) => {
    if (Atomics.load(i32, (a >> 2) + L.kObjPin) > 0) out.set(a, i32[(a >> 2) + L.kObjSize]);
  });
  return out;
}
