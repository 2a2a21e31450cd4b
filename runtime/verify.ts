// The heap verifier: headers well formed, every reference points at an object start, no
// forwarding left, freed memory still poisoned, pinned objects where they were pinned.
// Called by: the collector (every kCfgVerifyEvery collections, world stopped) and tests.
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
}

export function verifyHeap(h: Heap, o: VerifyOptions = {}): VerifyProblem[] {
  const i32 = h.i32;
  const limit = o.limit ?? 20;
  const problems: VerifyProblem[] = [];
  const report = (invariant: string, address: number, message: string): boolean => {
    problems.push({ invariant, address, message: `${message} at ${hex(address)} (${h.spaceOf(address)})` });
    return problems.length < limit;
  };
  const starts = new Set<number>();
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
    const end = start + h.blockBytes;
    if (st === L.kBlockFree) {
      if (h.poisonFreed) {
        for (let w = start >> 2; w < end >> 2; w++) {
          if (i32[w] !== L.kPoison) {
            if (!report('kFreedMemoryPoisoned', w << 2, `free nursery block ${b} overwritten (0x${(i32[w] >>> 0).toString(16)})`)) return problems;
            break;
          }
        }
      }
      continue;
    }
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
  if (h.poisonFreed) {
    for (let w = oldTop >> 2; w < h.layout.oldEnd >> 2; w++) {
      if (i32[w] !== L.kPoison) { report('kFreedMemoryPoisoned', w << 2, 'old space above the top overwritten'); break; }
    }
  }
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
  for (const a of starts) {
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
