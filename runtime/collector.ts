// The collector: one collection from request to restart. Runs on the collector thread only.
// The VM side (mutators) asks for collections through kGcRequested and the doorbell
// (Mutator.requestGc); this file is what the collector thread calls back into.
//
// Phases of collect(), in order:
//  1. gcLockerDrain   (gc-locker only) before gc_mutex: pin holders must be able to finish.
//  2. lock gc_mutex   before the request: a mutator holding gc_mutex is never asked to park.
//  3. stopTheWorld    raise the request, wait until every mutator is safe.
//  4. minor_gc        builds the EvacuationAllocator lazily on first use, with gc_mutex held
//                     (the site of the nested-init regression).
//  5. major_gc        when asked for, or when old space could not take the next promotion.
//  6. verify          every kCfgVerifyEvery collections, before the world restarts.
//  7. restartWorld    clear the request, bump the epoch; then unlock, then wake parked threads.
import { oldAlloc, oldFree, retireTlab } from './allocator.ts';
import type { Heap } from './heap.ts';
import * as L from './layout.ts';
import { majorGc, type MajorStats } from './major.ts';
import { minorGc, nurseryUsedBytes, type MinorStats, type PromotionTarget } from './minor.ts';
import { lock, unlock } from './mutex.ts';
import { anyThreadInNative, restartWorld, stopTheWorld, wakeParked } from './safepoint.ts';
import { kFaultNestedInit } from './faults.ts';
import { lockerDrain, lockerRelease } from './strategy.ts';
import { popFrame, pushFrame } from './trail.ts';
import { pinnedObjects, PoisonWatch, verifyHeap, type VerifyProblem } from './verify.ts';

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

export type CollectionKind = 'minor' | 'major';

export interface GcEvent {
  id: number;
  kind: CollectionKind;
  reason: string;
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
}

export class Collector {
  readonly h: Heap;
  readonly tid: number;
  private evac: EvacuationAllocator | undefined;
  private readonly opts: CollectorOptions;
  private count = 0;
  private readonly poisonWatch: PoisonWatch;
  heartbeat: () => void;

  constructor(h: Heap, opts: CollectorOptions) {
    this.h = h;
    this.tid = h.collectorId;
    this.opts = opts;
    this.poisonWatch = new PoisonWatch(h);
    const base = h.th(this.tid, 0);
    this.heartbeat = () => { h.i32[base + L.kThHeartbeat]++; };
    Atomics.store(h.i32, h.th(this.tid, L.kThState), L.kStateManaged);
  }

  collect(kind: CollectionKind, reason: string): CollectResult {
    const h = this.h;
    const i32 = h.i32;
    const f = h.f64;
    const tid = this.tid;
    const t0 = performance.now();
    pushFrame(h, tid, L.op(kind === 'major' ? 'major_gc' : 'minor_gc'));
    let lockerWaitUs = 0;
    if (h.strategy === L.kStrategyGcLocker) {
      const ns = lockerDrain(h, tid, this.opts.lockerBudgetMs, this.heartbeat);
      if (ns < 0) {
        popFrame(h, tid);
        return { state: 'starved', waitedMs: performance.now() - t0, activePins: Atomics.load(i32, L.kActivePins) };
      }
      lockerWaitUs = ns / 1e3;
    }
    lock(h, tid);
    const tReq = performance.now();
    stopTheWorld(h, tid, this.heartbeat);
    const tSafe = performance.now();
    // Take the request with an exchange: a major request raised since the collector thread looked
    // (while this collection was starting) is served by this one rather than dropped.
    // The reason is taken with it: a collection that serves a request is named by that request.
    if (Atomics.exchange(i32, L.kGcRequested, 0) === 2) kind = 'major';
    const why = Atomics.exchange(i32, L.kGcReason, L.kGcReasonNone);
    if (why !== L.kGcReasonNone) reason = L.GC_REASONS[why] ?? reason;
    const threadsInNative = anyThreadInNative(h);
    const oldBefore = i32[L.kOldTop] - h.layout.old;
    const verifyNow = h.verifyEvery > 0 && (this.count + 1) % h.verifyEvery === 0;
    const pinnedBefore = verifyNow ? pinnedObjects(h) : undefined;

    this.evac ??= new EvacuationAllocator(h, tid);
    let major: MajorStats | undefined;
    for (let t = 0; t < h.threads; t++) retireTlab(h, t); // before either collection scans blocks
    if (oldFree(h) < nurseryUsedBytes(h) + h.blockBytes * h.threads) major = majorGc(h);
    const minor: MinorStats = minorGc(h, this.evac);
    if (kind === 'major' || oldFree(h) < h.layout.nurseryEnd - h.layout.nursery) major = majorGc(h);

    const problems = verifyNow ? verifyHeap(h, { pinnedBefore, oldPoison: this.poisonWatch.next() }) : [];
    if (verifyNow) f[h.stat(L.kStatVerifications)]++;
    // Statistics (collector-only slots).
    f[h.stat(major ? L.kStatMajorCollections : L.kStatMinorCollections)]++;
    f[h.stat(L.kStatBytesPromoted)] += minor.bytesCopied;
    f[h.stat(L.kStatBytesCopied)] += minor.bytesCopied + (major?.bytesMoved ?? 0);
    f[h.stat(L.kStatObjectsCopied)] += minor.objectsCopied + (major?.objectsMoved ?? 0);
    f[h.stat(L.kStatPinnedSeen)] += minor.pinnedSeen;
    f[h.stat(L.kStatRetainedBlocks)] = minor.retainedBlocks;
    f[h.stat(L.kStatRetainedBytes)] = minor.retainedBytes;
    if (minor.retainedBytes > f[h.stat(L.kStatMaxRetainedBytes)]) f[h.stat(L.kStatMaxRetainedBytes)] = minor.retainedBytes;
    f[h.stat(L.kStatBlocksFreed)] += minor.blocksFreed;
    f[h.stat(L.kStatOldUsedBytes)] = i32[L.kOldTop] - h.layout.old;
    if (major) {
      f[h.stat(L.kStatPinSpaceFree)] = major.pinSpaceFree;
      f[h.stat(L.kStatPinSpaceLargestFree)] = major.pinSpaceLargestFree;
    }
    if (threadsInNative) f[h.stat(L.kStatCollectionsWithNative)]++;
    const tWorkEnd = performance.now();

    restartWorld(h, tid, false);
    if (h.strategy === L.kStrategyGcLocker) lockerRelease(h);
    unlock(h, tid);
    wakeParked(h);
    popFrame(h, tid);
    this.count++;
    this.heartbeat();
    const tEnd = performance.now();
    return {
      state: 'collected',
      problems,
      event: {
        id: this.count,
        kind: major ? 'major' : 'minor',
        reason,
        startMs: performance.timeOrigin + tReq,
        ttspUs: (tSafe - tReq) * 1e3,
        pauseUs: (tEnd - tReq) * 1e3,
        workUs: (tWorkEnd - tSafe) * 1e3,
        lockerWaitUs,
        nurseryBefore: minor.nurseryUsedBefore,
        nurseryAfter: minor.retainedBytes,
        oldBefore,
        oldAfter: i32[L.kOldTop] - h.layout.old,
        bytesCopied: minor.bytesCopied + (major?.bytesMoved ?? 0),
        objectsCopied: minor.objectsCopied + (major?.objectsMoved ?? 0),
        pinnedSeen: minor.pinnedSeen,
        retainedBlocks: minor.retainedBlocks,
        threadsInNative,
      },
    };
  }
}
