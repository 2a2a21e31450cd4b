// The runtime's shared state: one SharedArrayBuffer and the typed views every thread attaches.
// createRuntime runs once on the thread that owns the run; attachRuntime runs in each worker.
import { faultMask } from './faults.ts';
import * as L from './layout.ts';
import type { RuntimeOptions } from './options.ts';

/** Receives this thread's state transitions (kState*) when event recording is on. */
export interface StateRecorder {
  transition(state: number): void;
}

export class Heap {
  readonly sab: SharedArrayBuffer;
  /** Per-thread (each worker attaches its own Heap): null unless the harness records events. */
  rec: StateRecorder | null = null;
  /**
   * Per-thread: null unless the harness perturbs the schedule. Called as a thread's state is about
   * to change (setState), which widens every window between a check and a publish.
   */
  perturb: (() => void) | null = null;
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  readonly layout: L.Layout;
  readonly mutators: number;
  readonly threads: number;
  readonly blockBytes: number;
  readonly nBlocks: number;
  readonly losThreshold: number;
  readonly rootsPerThread: number;
  readonly globalRoots: number;
  readonly faults: number;
  readonly strategy: number;
  readonly errorcheck: boolean;
  readonly verifyEvery: number;
  readonly poisonFreed: boolean;
  /**
   * Bounds of the old-space ranges this thread poisoned since the verifier last looked (byte
   * addresses; empty when from >= to). Only the collector poisons old space; verify.ts reads and
   * resets them (PoisonWatch), so a verification checks what was freed, not all of old space.
   */
  oldPoisonFrom = Infinity;
  oldPoisonTo = -Infinity;

  constructor(sab: SharedArrayBuffer) {
    this.sab = sab;
    this.i32 = new Int32Array(sab);
    this.f64 = new Float64Array(sab);
    const c = this.i32;
    if (c[L.kCtrlMagic] !== L.kLayoutMagic || c[L.kCtrlVersion] !== L.kLayoutVersion) {
      throw new Error(`not a pinstress runtime buffer (magic ${c[L.kCtrlMagic]}, version ${c[L.kCtrlVersion]})`);
    }
    this.mutators = c[L.kCfgMutators];
    this.threads = this.mutators + 1;
    this.blockBytes = c[L.kCfgBlockBytes];
    this.nBlocks = c[L.kCfgNurseryBytes] / this.blockBytes;
    this.losThreshold = c[L.kCfgLosThreshold];
    this.rootsPerThread = c[L.kCfgRootsPerThread];
    this.globalRoots = c[L.kCfgGlobalRoots];
    this.faults = c[L.kCfgFaults];
    this.strategy = c[L.kCfgStrategy];
    this.errorcheck = c[L.kCfgMutexMode] === L.kMutexErrorcheck;
    this.verifyEvery = c[L.kCfgVerifyEvery];
    this.poisonFreed = c[L.kCfgPoisonFreed] === 1;
    this.layout = L.computeLayout({
      mutators: this.mutators,
      nurseryBytes: c[L.kCfgNurseryBytes],
      blockBytes: this.blockBytes,
      oldBytes: c[L.kCfgOldBytes],
      losBytes: c[L.kCfgLosBytes],
      pinSpaceBytes: c[L.kCfgPinSpaceBytes],
      rootsPerThread: this.rootsPerThread,
      globalRoots: this.globalRoots,
    });
  }

  fault(bit: number): boolean {
    return (this.faults & bit) !== 0;
  }

  // ---- regions ----
  inNursery(a: number): boolean {
    return a >= this.layout.nursery && a < this.layout.nurseryEnd;
  }
  inOld(a: number): boolean {
    return a >= this.layout.old && a < this.layout.oldEnd;
  }
  inLos(a: number): boolean {
    return a >= this.layout.los && a < this.layout.losEnd;
  }
  inPinSpace(a: number): boolean {
    return a >= this.layout.pinSpace && a < this.layout.pinSpaceEnd;
  }
  inHeap(a: number): boolean {
    return a >= this.layout.nursery && a < this.layout.pinSpaceEnd;
  }
  spaceOf(a: number): 'nursery' | 'old' | 'los' | 'pin-space' | 'outside' {
    if (this.inNursery(a)) return 'nursery';
    if (this.inOld(a)) return 'old';
    if (this.inLos(a)) return 'los';
    if (this.inPinSpace(a)) return 'pin-space';
    return 'outside';
  }
  blockOf(a: number): number {
    return ((a - this.layout.nursery) / this.blockBytes) | 0;
  }
  blockStart(b: number): number {
    return this.layout.nursery + b * this.blockBytes;
  }
  blockWord(b: number, field: number): number {
    return this.layout.blocksAt + b * L.kBlockWords + field;
  }

  // ---- threads ----
  th(tid: number, field: number): number {
    return this.layout.threadsAt + tid * L.kThreadWords + field;
  }
  rootSlot(tid: number, handle: number): number {
    return this.layout.rootsAt + tid * this.rootsPerThread + handle;
  }
  globalRootSlot(g: number): number {
    return this.layout.globalRootsAt + g;
  }
  threadStat(tid: number, slot: number): number {
    return this.layout.threadStatsAt + tid * L.kThreadStatStride + slot;
  }
  stat(slot: number): number {
    return this.layout.statsAt + slot;
  }
  get collectorId(): number {
    return this.mutators;
  }

  // ---- objects (a = byte address) ----
  size(a: number): number {
    return this.i32[(a >> 2) + L.kObjSize];
  }
  info(a: number): number {
    return this.i32[(a >> 2) + L.kObjInfo];
  }
  kind(a: number): number {
    return this.i32[(a >> 2) + L.kObjInfo] & L.kKindMask;
  }
  nRefs(a: number): number {
    return this.i32[(a >> 2) + L.kObjInfo] >>> L.kInfoRefsShift;
  }
  pinCount(a: number): number {
    return Atomics.load(this.i32, (a >> 2) + L.kObjPin);
  }
  isForwarded(a: number): boolean {
    return (this.i32[(a >> 2) + L.kObjInfo] & L.kFlagForwarded) !== 0;
  }
  forwardee(a: number): number {
    return this.i32[(a >> 2) + L.kObjForward];
  }
  /** Write a fresh header; payload is zeroed by whoever handed out the memory. */
  initObject(a: number, size: number, kind: number, nRefs: number, flags = 0): void {
    const w = a >> 2;
    this.i32[w + L.kObjSize] = size;
    this.i32[w + L.kObjInfo] = kind | flags | (nRefs << L.kInfoRefsShift);
    this.i32[w + L.kObjPin] = 0;
    this.i32[w + L.kObjForward] = 0;
  }
  poison(from: number, to: number): void {
    if (!this.poisonFreed || to <= from) return;
    this.i32.fill(L.kPoison, from >> 2, to >> 2);
    if (from < this.layout.oldEnd && to > this.layout.old) {
      if (from < this.oldPoisonFrom) this.oldPoisonFrom = from;
      if (to > this.oldPoisonTo) this.oldPoisonTo = to;
    }
  }
  /** A filler keeps a dead range parseable; its payload stays poisoned. */
  writeFiller(a: number, size: number): void {
    this.poison(a, a + size);
    const w = a >> 2;
    this.i32[w + L.kObjSize] = size;
    this.i32[w + L.kObjInfo] = L.kKindFiller;
    if (size >= 12) this.i32[w + L.kObjPin] = 0;
  }
}

export function objectBytes(payloadBytes: number): number {
  return L.kObjHeaderBytes + Math.ceil(payloadBytes / L.kObjAlign) * L.kObjAlign;
}

/**
 * A fresh runtime: its buffer, its configuration written; runs once per run, before any worker.
 * `recycled` may hand over a buffer of at least the size asked for that an earlier run left and no
 * thread uses any more: its pages are already mapped (mapping a fresh buffer's pages costs more
 * than the whole start of a small run). The layout uses its first totalBytes; what lies beyond is
 * never addressed. Of a recycled buffer only what is not poisoned below is cleared: a space that
 * starts poisoned needs no zeroes first.
 */
export function createRuntime(o: RuntimeOptions, recycled?: (bytes: number) => SharedArrayBuffer | undefined): Heap {
  const layout = L.computeLayout(o);
  const reused = recycled?.(layout.totalBytes);
  const sab = reused !== undefined && reused.byteLength >= layout.totalBytes ? reused : new SharedArrayBuffer(bufferBytesFor(layout.totalBytes));
  const c = new Int32Array(sab);
  if (sab === reused) clearUnpoisoned(c, layout, o.poisonFreed);
  c[L.kCtrlMagic] = L.kLayoutMagic;
  c[L.kCtrlVersion] = L.kLayoutVersion;
  c[L.kCfgMutators] = o.mutators;
  c[L.kCfgNurseryBytes] = o.nurseryBytes;
  c[L.kCfgBlockBytes] = o.blockBytes;
  c[L.kCfgOldBytes] = o.oldBytes;
  c[L.kCfgLosBytes] = o.losBytes;
  c[L.kCfgLosThreshold] = o.losThreshold;
  c[L.kCfgRootsPerThread] = o.rootsPerThread;
  c[L.kCfgGlobalRoots] = o.globalRoots;
  c[L.kCfgMutexMode] = L.MUTEX_MODES.indexOf(o.mutex);
  c[L.kCfgFaults] = faultMask(o.faults);
  c[L.kCfgStrategy] = L.STRATEGIES.indexOf(o.strategy);
  c[L.kCfgPinSpaceBytes] = o.pinSpaceBytes;
  c[L.kCfgVerifyEvery] = o.verifyEvery;
  c[L.kCfgPoisonFreed] = o.poisonFreed ? 1 : 0;
  c[L.kGcMutexOwner] = L.kNoThread;
  const h = new Heap(sab);
  for (let t = 0; t < layout.threads; t++) {
    c[h.th(t, L.kThRole)] = t < o.mutators ? L.kRoleMutator : L.kRoleCollector;
  }
  // Free memory starts poisoned, so a read of never-allocated memory shows as well.
  h.poison(layout.nursery, layout.nurseryEnd);
  h.poison(layout.old, layout.oldEnd);
  c[L.kOldTop] = layout.old;
  initFreeSpace(h, layout.los, layout.losEnd);
  initFreeSpace(h, layout.pinSpace, layout.pinSpaceEnd);
  return h;
}

/**
 * A fresh buffer's size: the layout's, rounded up to a whole size class, so that the runs of a
 * suite, whose layouts differ by a few megabytes, can all reuse the first one. The runtime never
 * touches the pages past the layout; a buffer this large is normally mapped fresh, so they cost
 * address space rather than memory (peak RSS is measured by `npm run bench -- scaling`).
 */
const kBufferClassBytes = 16 << 20;
function bufferBytesFor(totalBytes: number): number {
  return Math.ceil(totalBytes / kBufferClassBytes) * kBufferClassBytes;
}

/**
 * Zero every word of a recycled buffer that createRuntime does not poison: the metadata before the
 * spaces and the gaps between them, but not the remembered set past its top (kRemsetTop starts at
 * 0, and nothing reads an entry at or above it): its megabytes would be touched for nothing.
 */
function clearUnpoisoned(c: Int32Array, layout: L.Layout, poisoned: boolean): void {
  const remsetEnd = layout.remsetAt + layout.remsetCapacity;
  c.fill(0, 0, layout.remsetAt);
  if (!poisoned) {
    c.fill(0, remsetEnd, layout.totalBytes >> 2);
    return;
  }
  let from = remsetEnd << 2;
  for (const [start, end] of [[layout.nursery, layout.nurseryEnd], [layout.old, layout.oldEnd], [layout.los, layout.losEnd], [layout.pinSpace, layout.pinSpaceEnd]]) {
    c.fill(0, from >> 2, start >> 2);
    from = end;
  }
  c.fill(0, from >> 2, layout.totalBytes >> 2);
}

/** A non-moving space starts as one free chunk. */
export function initFreeSpace(h: Heap, from: number, to: number): void {
  if (to <= from) return;
  h.poison(from, to);
  h.i32[(from >> 2) + L.kObjSize] = to - from;
  h.i32[(from >> 2) + L.kObjInfo] = L.kFreeChunkInfo;
}

export function attachRuntime(sab: SharedArrayBuffer): Heap {
  return new Heap(sab);
}
