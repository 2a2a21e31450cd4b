// Pin strategies: policies selected per run (kCfgStrategy).
//  in-place     pin bumps the count; the collector leaves the object and retains its block.
//  copy-on-pin  pin first copies a movable object into the non-moving pin space (under gc_mutex)
//               and forwards the old copy; the object never moves again.
//  gc-locker    pin registers in kActivePins; a collection waits until they drain, and new pins
//               wait while a collection is pending (unless the gclocker-starvation fault is on).
// Called by: the mutator API (pin/unpin) and the collector (beforeCollection/afterCollection).
import { AbortedError } from './errors.ts';
import { kFaultGcLockerStarvation } from './faults.ts';
import type { Heap } from './heap.ts';
import { freeListAlloc } from './allocator.ts';
import * as L from './layout.ts';
import { lock, unlock } from './mutex.ts';
import { park, requestCollection, setState } from './safepoint.ts';
import { recordOp } from './trail.ts';

/**
 * Follow forwarding left by copy-on-pin (a read barrier; only that strategy forwards outside GC).
 * The flag is read with Atomics.load, the acquiring half of copyToPinSpace's Atomics.or, so the
 * forwarding address read after it is the one the copying thread stored before publishing.
 */
export function resolve(h: Heap, a: number): number {
  // The common case first, as cheap as a barrier can be: not forwarded (a plain read outside the
  // buffer is undefined, which reads as not forwarded too).
  if ((h.i32[(a >> 2) + L.kObjInfo] & L.kFlagForwarded) === 0) return a;
  // A root or field the collector damaged may hold anything: the barrier stops at an address that
  // is no object start, and at a free chunk (whose info word carries the forwarded bit too), and
  // hands it over as it is for the oracles to judge.
  while (a !== 0 && h.inHeap(a) && (a & (L.kObjAlign - 1)) === 0) {
    const info = Atomics.load(h.i32, (a >> 2) + L.kObjInfo);
    if ((info & L.kFlagForwarded) === 0 || (info & L.kKindMask) === L.kKindFiller) break;
    a = h.i32[(a >> 2) + L.kObjForward];
  }
  return a;
}

/**
 * copy-on-pin: move the object held in root slot `slot` (an i32 index) into the pin space; returns
 * its new address. The address is read only once gc_mutex is held: waiting for the lock is a safe
 * state, so a collection may move the object meanwhile.
 */
export function copyToPinSpace(h: Heap, tid: number, slot: number): number {
  lock(h, tid);
  try {
    const a = resolve(h, h.i32[slot]); // another thread may have moved it first
    if (h.inPinSpace(a) || h.inLos(a)) return a;
    // Already pinned where it is (pinned in place when the pin space was full): its holders use
    // that address, so it must not move. It is pinned in place again.
    if (Atomics.load(h.i32, (a >> 2) + L.kObjPin) > 0) return a;
    recordOp(h, tid, L.op('copy_to_pin_space'), a);
    const size = h.size(a);
    const b = freeListAlloc(h, h.layout.pinSpace, h.layout.pinSpaceEnd, size);
    if (b === 0) {
      // Pin space full: pin in place this time, and ask for a major collection to sweep it.
      h.f64[h.stat(L.G.allocFailures)]++;
      requestCollection(h, { kind: L.kGcMajor, reason: L.kGcReasonPinSpaceFull });
      return a;
    }
    const i32 = h.i32;
    // The chunk may be up to 8 bytes larger than asked: the copy keeps its own size (an object
    // does not grow by being copied) and the slack becomes a filler, so the space still parses.
    const chunk = h.size(b);
    i32.copyWithin(b >> 2, a >> 2, (a + size) >> 2);
    if (chunk > size) h.writeFiller(b + size, chunk - size);
    const info = i32[(a >> 2) + L.kObjInfo];
    i32[(b >> 2) + L.kObjInfo] = (info & ~(L.kFlagRemembered | L.kFlagMarked)) | L.kFlagPinSpace;
    i32[(b >> 2) + L.kObjPin] = 0;
    i32[(b >> 2) + L.kObjForward] = 0;
    // The copy may hold young references: remember it like any non-nursery holder.
    // Atomics: other mutators append to the remembered set and set header flags (the write
    // barrier) without gc_mutex, so a plain read-modify-write here could lose their entry.
    if (h.nRefs(b) > 0) {
      i32[(b >> 2) + L.kObjInfo] |= L.kFlagRemembered; // b is not published yet
      const top = Atomics.add(i32, L.kRemsetTop, 1);
      i32[h.layout.remsetAt + top] = b;
    }
    i32[(a >> 2) + L.kObjForward] = b;
    Atomics.or(i32, (a >> 2) + L.kObjInfo, L.kFlagForwarded);
    const f = h.f64;
    f[h.stat(L.G.pinCopies)]++;
    f[h.stat(L.G.pinCopyBytes)] += size;
    return b;
  } finally {
    unlock(h, tid);
  }
}

/**
 * gc-locker: register a pin, waiting first if a collection is pending. A thread that already holds
 * a pin is never held back (HotSpot lets nested critical regions in too): the collection is waiting
 * for that very pin, so holding the thread back would deadlock it with the collector.
 *
 * Invariant kLockerDekker: lockerEnter and lockerDrain are the two halves of a Dekker pair. The pin
 * side adds to kActivePins, then reads kGcLockerPending; the collector stores kGcLockerPending, then
 * reads kActivePins (all sequentially consistent). So either the pin sees the pending collection and
 * backs out, or the collector sees the pin and waits for it: never neither.
 */
export function lockerEnter(h: Heap, tid: number): void {
  const i32 = h.i32;
  const holdBack = (h.faults & kFaultGcLockerStarvation) === 0 && i32[h.th(tid, L.kThPinsHeld)] === 0;
  for (;;) {
    if (holdBack && Atomics.load(i32, L.kGcLockerPending) !== 0) {
      lockerWait(h, tid);
      continue;
    }
    Atomics.add(i32, L.kActivePins, 1);
    if (holdBack && Atomics.load(i32, L.kGcLockerPending) !== 0) {
      lockerExit(h);
      continue;
    }
    return;
  }
}

export function lockerExit(h: Heap): void {
  if (Atomics.sub(h.i32, L.kActivePins, 1) === 1) Atomics.notify(h.i32, L.kActivePins);
}

/** A mutator held back by a pending collection waits, safe, until the world restarts. */
function lockerWait(h: Heap, tid: number): void {
  const i32 = h.i32;
  recordOp(h, tid, L.op('wait_gc_locker'));
  const e = Atomics.load(i32, L.kEpoch);
  setState(h, tid, L.kStateBlocked, L.kWaitGcLocker, e);
  while (Atomics.load(i32, L.kGcLockerPending) !== 0 && Atomics.load(i32, L.kEpoch) === e) {
    if (Atomics.load(i32, L.kAbort) !== 0) throw new AbortedError('waiting for the GC locker');
    Atomics.wait(i32, L.kEpoch, e, 20);
  }
  setState(h, tid, L.kStateManaged);
  // kManagedAfterRecheck: a collection may have started meanwhile.
  if (Atomics.load(i32, L.kSafepointRequest) !== 0) park(h, tid);
}

/**
 * Collector side of gc-locker (the other half of kLockerDekker): announce a pending collection,
 * then wait for held pins to drain. Returns the wait in us, or -1 if it gave up after `budgetMs`
 * (a liveness failure).
 */
export function lockerDrain(h: Heap, tid: number, budgetMs: number): number {
  const i32 = h.i32;
  const t0 = performance.now();
  Atomics.store(i32, L.kGcLockerPending, 1);
  i32[h.th(tid, L.kThWaitingOn)] = L.kWaitGcLocker;
  for (;;) {
    const n = Atomics.load(i32, L.kActivePins);
    if (n <= 0) break;
    if (Atomics.load(i32, L.kAbort) !== 0) throw new AbortedError('waiting for pins to drain (GC locker)');
    // Giving up leaves kWaitGcLocker published: the run is aborted next, and its thread dump
    // should show what the collector was waiting for.
    if (performance.now() - t0 > budgetMs) return -1;
    Atomics.wait(i32, L.kActivePins, n, 5);
  }
  i32[h.th(tid, L.kThWaitingOn)] = L.kWaitNone;
  const us = (performance.now() - t0) * 1e3;
  const f = h.f64;
  f[h.stat(L.G.gcLockerWaitUs)] += us;
  if (us > f[h.stat(L.G.gcLockerMaxWaitUs)]) f[h.stat(L.G.gcLockerMaxWaitUs)] = us;
  return us;
}

export function lockerRelease(h: Heap): void {
  Atomics.store(h.i32, L.kGcLockerPending, 0);
}
