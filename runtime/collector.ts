// The collector: one collection from request to restart. Runs on the collector thread only.
// The VM side (mutators) asks for collections through kGcRequested and the doorbell
// (Mutator.requestGc); this file is what the collector thread calls back into.
//
// Phases of collect(), in order:
//  1. gcLockerDrain   (gc-locker only) before gc_mutex: pin holders must be able to finish.
//  2. stopTheWorld    raise the request, wait until every mutator is safe (parked, in native, or
//                     blocked on gc_mutex: a mutator never parks holding it).
//  3. lock gc_mutex   after the stop, so mutators that allocate meanwhile are not queued on it
//                     (and woken one by one) for the whole collection; one that acquires it in
//                     between gives it back and parks (mutex.ts lockSlow).
//  4. collectHeap     a major phase first when old space could not take the nursery's
//                     survivors; minor_gc, which builds the EvacuationAllocator lazily on first use
//                     with gc_mutex held (the site of the nested-init regression); a major phase
//                     when asked for or when old space is still short.
//  5. verify          every kCfgVerifyEvery collections, before the world restarts.
//  6. restartWorld    clear the request, bump the epoch; then unlock, then wake parked threads.
//
// Invariant kNoRestartAfterFailedCollection: a collection that throws midway (a corrupt heap, an
// exhausted old space) never restarts the world onto a half-collected heap. failCollection leaves
// the request raised (parked threads stay parked until the harness aborts the run), clears
// kCollecting, and releases gc_mutex so the rest of the run can wind down; the frames stay for the
// thread dump.
import { oldAlloc, oldFree, retireTlab } from './allocator.ts';
import type { Heap } from './heap.ts';
import * as L from './layout.ts';
import { majorGc, type MajorStats } from './major.ts';
import { minorGc, nurseryUsedBytes, type MinorStats, type PromotionTarget } from './minor.ts';
import { lock, ownsLock, unlock } from './mutex.ts';
import { anyThreadInNative, restartWorld, setState, stopTheWorld, wakeParked } from './safepoint.ts';
import { kFaultNestedInit } from './faults.ts';
import { lockerDrain, lockerRelease } from './strategy.ts';
import { popFrame, pushFrame } from './trail.ts';
import { pinnedObjects, PoisonWatch, verifyHeap, type VerifierExtension, type VerifyProblem } from './verify.ts';

/** gc_init: set up the collector's shared state. Takes gc_mutex. Runs once per run, on the main thread. */
export function gcInit(h: Heap, tid: number): void {
  pushFrame(h, tid, L.op('gc_init'));
  lock(h, tid);
  try {
    h.i32[L.kGcInitCalls]++;
    h.i32[L.kGcInitDone] = 1;
  } finally {
    unlock(h, tid);
    popFrame(h, tid);
  }
}

/** The GC-side allocator that promotion copies into. Built lazily inside minor_gc. */
export class EvacuationAllocator implements PromotionTarget {
  private readonly h: Heap;
  constructor(h: Heap, tid: number) {
    this.h = h;
    pushFrame(h, tid, L.op('EvacuationAllocator()'));
    // The nested-init fault restores the original bug: the constructor (re)runs gc_init, which
    // takes gc_mutex, already held by this very thread inside minor_gc.
    if (h.fault(kFaultNestedInit)) gcInit(h, tid);
    popFrame(h, tid);
  }
  alloc(size: number): number {
    return oldAlloc(this.h, size);
  }
}

/** One collection's figures. Kind and reason are codes (GcKind, kGcReason*); names are for reports. */
export interface GcEvent {
  id: number;
  kind: L.GcKind;
  reason: number;
  startMs: number; // wall clock (performance.timeOrigin + now), ms
  ttspUs: number;
  pauseUs: number; // request raised -> world restarted (includes ttsp)
  workUs: number; // collection proper
  lockerWaitUs: number;
  nurseryBefore: number;
  nurseryAfter: number; // retained by pins
  oldBefore: number;
  oldAfter: number;
  bytesCopied: number;
  objectsCopied: number;
  pinnedSeen: number;
  retainedBlocks: number;
  threadsInNative: boolean;
}

export type CollectResult =
  | { state: 'collected'; event: GcEvent; problems: VerifyProblem[] }
  | { state: 'starved'; waitedMs: number; activePins: number };

export interface CollectorOptions {
  /** gc-locker: how long a collection may wait for pins to drain before it is a liveness failure. */
  lockerBudgetMs: number;
  /** Checks the verifier runs besides its own (the harness's content oracle). */
  verifierExtension?: VerifierExtension;
}

/** What the heap phases of one collection did: one minor phase, and zero to two major phases. */
interface HeapWork {
  minor: MinorStats;
  majorPhases: number;
  majorBytesMoved: number;
  majorObjectsMoved: number;
  major: MajorStats | null; // the last major phase (pin-space figures)
  /** A major phase ran after the minor one: the collection was full (the verifier checks for garbage). */
  fullAfterMinor: boolean;
}

export class Collector {
  readonly h: Heap;
  readonly tid: number;
  private evac: EvacuationAllocator | undefined;
  private readonly opts: CollectorOptions;
  private count = 0;
  private readonly poisonWatch: PoisonWatch;

  constructor(h: Heap, opts: CollectorOptions) {
    this.h = h;
    this.tid = h.collectorId;
    this.opts = opts;
    this.poisonWatch = new PoisonWatch(h);
    setState(h, this.tid, L.kStateManaged);
  }

  /** Run one collection for `req`; a request raised meanwhile is served by it too. */
  collect(req: L.GcRequest): CollectResult {
    const h = this.h;
    const i32 = h.i32;
    const tid = this.tid;
    const t0 = performance.now();
    pushFrame(h, tid, L.GC_KIND_OPS[req.kind]);
    let lockerWaitUs = 0;
    if (h.strategy === L.kStrategyGcLocker) {
      const us = lockerDrain(h, tid, this.opts.lockerBudgetMs);
      if (us < 0) {
        popFrame(h, tid);
        return { state: 'starved', waitedMs: performance.now() - t0, activePins: Atomics.load(i32, L.kActivePins) };
      }
      lockerWaitUs = us;
    }
    const tReq = performance.now();
    try {
      // Inside the try: a stop that throws (an abort, a broken handshake) still releases the GC
      // locker's pending flag and whatever else failCollection undoes.
      stopTheWorld(h, tid);
      const tSafe = performance.now(); // time to safepoint ends here, before the wait for gc_mutex
      lock(h, tid);
      Atomics.store(i32, L.kCollecting, 1);
      // Take the request with an exchange: a major request raised since the collector thread looked
      // (while this collection was starting) is served by this one rather than dropped. A collection
      // that serves a request is named by that request.
      const pending = Atomics.exchange(i32, L.kGcRequested, L.kGcNone);
      const why = Atomics.exchange(i32, L.kGcReason, L.kGcReasonNone);
      const kind: L.GcKind = pending === L.kGcMajor ? L.kGcMajor : req.kind;
      const reason = why !== L.kGcReasonNone ? why : req.reason;
      const threadsInNative = anyThreadInNative(h);
      const oldBefore = i32[L.kOldTop] - h.layout.old;
      const verifyNow = h.verifyEvery > 0 && (this.count + 1) % h.verifyEvery === 0;
      const pinnedBefore = verifyNow ? pinnedObjects(h) : undefined;

      const work = this.collectHeap(kind);

      const problems = verifyNow
        ? verifyHeap(h, { pinnedBefore, afterCollection: true, afterFullCollection: work.fullAfterMinor, oldPoison: this.poisonWatch.next(), extra: this.opts.verifierExtension })
        : [];
      this.count++;
      const event: GcEvent = {
        id: this.count,
        kind: work.majorPhases > 0 ? L.kGcMajor : L.kGcMinor,
        reason,
        startMs: performance.timeOrigin + tReq,
        ttspUs: (tSafe - tReq) * 1e3,
        pauseUs: 0,
        workUs: (performance.now() - tSafe) * 1e3,
        lockerWaitUs,
        nurseryBefore: work.minor.nurseryUsedBefore,
        nurseryAfter: work.minor.retainedBytes,
        oldBefore,
        oldAfter: i32[L.kOldTop] - h.layout.old,
        bytesCopied: work.minor.bytesCopied + work.majorBytesMoved,
        objectsCopied: work.minor.objectsCopied + work.majorObjectsMoved,
        pinnedSeen: work.minor.pinnedSeen,
        retainedBlocks: work.minor.retainedBlocks,
        threadsInNative,
      };
      this.account(event, work, verifyNow);

      restartWorld(h, tid);
      if (h.strategy === L.kStrategyGcLocker) lockerRelease(h);
      unlock(h, tid);
      wakeParked(h);
      popFrame(h, tid);
      event.pauseUs = (performance.now() - tReq) * 1e3;
      return { state: 'collected', problems, event };
    } catch (e) {
      this.failCollection();
      throw e;
    }
  }

  /** Phase 4: the heap work proper, world stopped and gc_mutex held. */
  private collectHeap(kind: L.GcKind): HeapWork {
    const h = this.h;
    const work: HeapWork = { minor: undefined as never, majorPhases: 0, majorBytesMoved: 0, majorObjectsMoved: 0, major: null, fullAfterMinor: false };
    const major = (): void => {
      const m = majorGc(h);
      work.majorPhases++;
      work.majorBytesMoved += m.bytesMoved;
      work.majorObjectsMoved += m.objectsMoved;
      work.major = m;
    };
    this.evac ??= new EvacuationAllocator(h, this.tid);
    for (let t = 0; t < h.threads; t++) retireTlab(h, t); // before either phase scans blocks
    // Old space may not hold the nursery's survivors (plus a TLAB's worth per thread): make room first.
    if (oldFree(h) < nurseryUsedBytes(h) + h.blockBytes * h.threads) major();
    work.minor = minorGc(h, this.evac);
    // A major phase when asked for (unless one just ran), or when old space is still short.
    const short = oldFree(h) < h.layout.nurseryEnd - h.layout.nursery;
    if (short || (kind === L.kGcMajor && work.majorPhases === 0)) {
      major();
      work.fullAfterMinor = true;
    }
    return work;
  }

  /** Statistics of one collection, collector-only slots. */
  private account(e: GcEvent, work: HeapWork, verified: boolean): void {
    const h = this.h;
    const f = h.f64;
    const s = (slot: number): number => h.stat(slot);
    if (verified) f[s(L.G.verifications)]++;
    f[s(work.majorPhases > 0 ? L.G.majorCollections : L.G.minorCollections)]++;
    f[s(L.G.majorPhases)] += work.majorPhases;
    f[s(L.G.bytesPromoted)] += work.minor.bytesCopied;
    f[s(L.G.bytesCopied)] += e.bytesCopied;
    f[s(L.G.objectsCopied)] += e.objectsCopied;
    f[s(L.G.pinnedSeen)] += work.minor.pinnedSeen;
    f[s(L.G.retainedBlocks)] = work.minor.retainedBlocks;
    f[s(L.G.retainedBytes)] = work.minor.retainedBytes;
    if (work.minor.retainedBytes > f[s(L.G.maxRetainedBytes)]) f[s(L.G.maxRetainedBytes)] = work.minor.retainedBytes;
    f[s(L.G.blocksFreed)] += work.minor.blocksFreed;
    f[s(L.G.oldUsedBytes)] = e.oldAfter;
    if (work.major) {
      f[s(L.G.pinSpaceFreeBytes)] = work.major.pinSpaceFree;
      f[s(L.G.pinSpaceLargestFree)] = work.major.pinSpaceLargestFree;
    }
    if (e.threadsInNative) f[s(L.G.collectionsWithNative)]++;
  }

  /** kNoRestartAfterFailedCollection: see the header. */
  private failCollection(): void {
    const h = this.h;
    Atomics.store(h.i32, L.kCollecting, 0);
    if (h.strategy === L.kStrategyGcLocker) lockerRelease(h);
    if (ownsLock(h, this.tid)) unlock(h, this.tid);
  }
}
