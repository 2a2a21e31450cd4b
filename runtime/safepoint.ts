// The safepoint protocol. Mutator side: poll, park, enterNative, leaveNative, exit.
// Collector side: stopTheWorld, restartWorld, wakeParked. Both sides: setState, the one way a
// thread's state changes, and requestCollection.
//
// Invariants (all loads and stores here are sequentially consistent Atomics):
//  kManagedAfterRecheck: a thread touches the heap only after it has published kStateManaged
//    and then seen kSafepointRequest == 0. The collector publishes the request before it reads
//    any thread state, so one of the two always sees the other (Dekker).
//  kSafeAnnounced: a thread that becomes safe while a stop is requested bumps kSafeSeq after it
//    has published the state (setState), and the collector reads kSafeSeq before it scans the
//    states, so its wait on kSafeSeq cannot miss the change (stopTheWorld). Hence a wait that
//    times out never finds the world stopped with kSafeSeq unmoved: if it does (and no bump
//    follows within a grace period), a thread became safe without telling, and every stop pays
//    the timeout; stopTheWorld reports it as a broken handshake.
//  kEpochReadBeforePark: a parking thread reads the epoch before it publishes kStateParked, so a
//    restart between the two cannot be missed (park).
//  kNoPollUnderGcMutex: a mutator never parks while it holds gc_mutex (the collector needs it).
//  kWorldStoppedDuringCollection: while kCollecting is 1 no mutator runs managed code.
import { AbortedError, InvariantError } from './errors.ts';
import { kFaultNativeReturnRace } from './faults.ts';
import type { Heap } from './heap.ts';
import * as L from './layout.ts';
import { recordOp, threadName } from './trail.ts';

const kOpPark = L.op('park');

/**
 * Change thread tid's state: publish what it waits on, store the state, record the transition for
 * the timeline, and, if the new state is safe while a stop is requested, tell the collector
 * (kSafeAnnounced). A state is never stored any other way.
 */
export function setState(h: Heap, tid: number, state: number, waitingOn = L.kWaitNone, waitArg = 0): void {
  if (h.perturb !== null) h.perturb();
  const i32 = h.i32;
  const base = h.th(tid, 0);
  i32[base + L.kThWaitingOn] = waitingOn;
  i32[base + L.kThWaitArg] = waitArg;
  Atomics.store(i32, base + L.kThState, state);
  h.rec?.transition(state);
  if (L.isSafeState(state) && Atomics.load(i32, L.kSafepointRequest) !== 0) {
    Atomics.add(i32, L.kSafeSeq, 1);
    Atomics.notify(i32, L.kSafeSeq);
  }
}

/** Park until no collection is requested. Returns true if a collection ran while parked. */
export function park(h: Heap, tid: number, waitPastEpoch = -1): boolean {
  const i32 = h.i32;
  const t0 = performance.now();
  let collected = false;
  let mustPass = waitPastEpoch;
  recordOp(h, tid, kOpPark);
  h.f64[h.threadStat(tid, L.T.parks)]++;
  for (;;) {
    const e = Atomics.load(i32, L.kEpoch); // kEpochReadBeforePark
    setState(h, tid, L.kStateParked, L.kWaitEpoch, e);
    if (mustPass === e || Atomics.load(i32, L.kSafepointRequest) !== 0) {
      while (Atomics.load(i32, L.kEpoch) === e) {
        if (Atomics.load(i32, L.kAbort) !== 0) throw new AbortedError('parked at a safepoint');
        Atomics.wait(i32, L.kEpoch, e);
      }
      collected = true;
      mustPass = -1;
    }
    setState(h, tid, L.kStateManaged);
    if (Atomics.load(i32, L.kSafepointRequest) === 0) break; // kManagedAfterRecheck
  }
  const us = (performance.now() - t0) * 1e3;
  const lp = h.threadStat(tid, L.T.longestParkUs);
  if (us > h.f64[lp]) h.f64[lp] = us;
  return collected;
}

/** The poll a mutator makes at a safepoint. Returns true if a collection ran meanwhile. */
export function poll(h: Heap, tid: number): boolean {
  h.f64[h.threadStat(tid, L.T.safepointPolls)]++;
  if (Atomics.load(h.i32, L.kSafepointRequest) === 0) return false;
  return park(h, tid);
}

/** Enter a blocking foreign call; pinned addresses stay valid, roots must not be used. */
export function enterNative(h: Heap, tid: number): number {
  recordOp(h, tid, L.op('enter_native'));
  setState(h, tid, L.kStateNative, L.kWaitNative);
  h.f64[h.threadStat(tid, L.T.nativeCalls)]++;
  return Atomics.load(h.i32, L.kEpoch);
}

/**
 * Leave native. Re-checks the request after publishing kStateManaged and parks if a collection is
 * under way. Returns whether a collection ran (epoch moved) since `epochAtEnter`.
 */
export function leaveNative(h: Heap, tid: number, epochAtEnter: number): boolean {
  const i32 = h.i32;
  recordOp(h, tid, L.op('leave_native'));
  setState(h, tid, L.kStateManaged);
  if ((h.faults & kFaultNativeReturnRace) === 0 && Atomics.load(i32, L.kSafepointRequest) !== 0) park(h, tid);
  return Atomics.load(i32, L.kEpoch) !== epochAtEnter;
}

/** kWorldStoppedDuringCollection, checked by a mutator as it resumes managed code. */
export function collectingNow(h: Heap): boolean {
  return Atomics.load(h.i32, L.kCollecting) !== 0;
}

export function exitThread(h: Heap, tid: number): void {
  recordOp(h, tid, L.op('exit'));
  markExited(h, tid);
}

/**
 * Publish that thread tid has ended: exited is a safe state, so no collection waits for it. Without
 * recording an op, so a thread that died keeps its last operation for the thread dump.
 */
export function markExited(h: Heap, tid: number): void {
  setState(h, tid, L.kStateExited);
  if (tid < h.mutators) Atomics.add(h.i32, L.kExitedMutators, 1);
  ringDoorbell(h);
}

/**
 * Ask for a collection. The pending kind only ever grows until the collector takes it with an
 * exchange (Collector.collect), so a major request is never downgraded or lost; the reason of the
 * request that raised it stands.
 */
export function requestCollection(h: Heap, req: L.GcRequest): void {
  const i32 = h.i32;
  for (;;) {
    const cur = Atomics.load(i32, L.kGcRequested);
    if (cur >= req.kind) {
      // Already asked for: the reason of the request that raised it stands (if it is still there).
      Atomics.compareExchange(i32, L.kGcReason, L.kGcReasonNone, req.reason);
      break;
    }
    // Raising it: name it first, so the collector never takes the request without its reason.
    Atomics.store(i32, L.kGcReason, req.reason);
    if (Atomics.compareExchange(i32, L.kGcRequested, cur, req.kind) === cur) break;
  }
  ringDoorbell(h);
}

/** The collector's side of requestCollection: take the pending request (or none), atomically. */
export function takeRequest(h: Heap): L.GcRequest | null {
  const i32 = h.i32;
  const kind = Atomics.exchange(i32, L.kGcRequested, L.kGcNone);
  const reason = Atomics.exchange(i32, L.kGcReason, L.kGcReasonNone);
  return kind === L.kGcNone ? null : { kind: kind as L.GcKind, reason };
}

/** Shut the runtime down: set the flag, then wake every word anyone may be waiting on. */
export function abortRun(h: Heap): void {
  const i32 = h.i32;
  Atomics.store(i32, L.kAbort, 1);
  for (const w of [L.kGcMutex, L.kEpoch, L.kSafeSeq, L.kDoorbell, L.kActivePins]) Atomics.notify(i32, w);
}

export function ringDoorbell(h: Heap): void {
  Atomics.add(h.i32, L.kDoorbell, 1);
  Atomics.notify(h.i32, L.kDoorbell);
}

// ---------------- collector side ----------------

/** Raise the request and wait until every mutator is safe. The caller takes gc_mutex afterwards. */
export function stopTheWorld(h: Heap, tid: number): void {
  const i32 = h.i32;
  recordOp(h, tid, L.op('stop_the_world'));
  Atomics.store(i32, L.kSafepointRequest, 1);
  for (;;) {
    const s = Atomics.load(i32, L.kSafeSeq); // kSafeAnnounced: before the scan
    let notSafe = -1;
    for (let t = 0; t < h.mutators; t++) {
      if (!L.isSafeState(Atomics.load(i32, h.th(t, L.kThState)))) { notSafe = t; break; }
    }
    if (notSafe < 0) break;
    h.i32[h.th(tid, L.kThWaitingOn)] = L.kWaitSafepoint;
    h.i32[h.th(tid, L.kThWaitArg)] = notSafe;
    if (Atomics.load(i32, L.kAbort) !== 0) throw new AbortedError('waiting for the world to stop');
    if (Atomics.wait(i32, L.kSafeSeq, s, kStopWaitMs) === 'timed-out') checkAnnounced(h, s, notSafe);
  }
  h.i32[h.th(tid, L.kThWaitingOn)] = L.kWaitNone;
}

const kStopWaitMs = 50;
/** How long an announcement may lag its state store (a thread descheduled between the two). */
const kAnnounceGraceMs = 250;

/** kSafeAnnounced, after a timed-out wait for thread `waitedFor`: nobody became safe silently. */
function checkAnnounced(h: Heap, seq: number, waitedFor: number): void {
  const i32 = h.i32;
  for (let t = 0; t < h.mutators; t++) if (!L.isSafeState(Atomics.load(i32, h.th(t, L.kThState)))) return;
  if (Atomics.load(i32, L.kSafeSeq) !== seq || Atomics.wait(i32, L.kSafeSeq, seq, kAnnounceGraceMs) !== 'timed-out') return;
  throw new InvariantError('kSafeAnnounced',
    `${threadName(h, waitedFor)} became safe during a stop without announcing it (kSafeSeq unchanged ${kStopWaitMs + kAnnounceGraceMs} ms later): every stop waits out its timeout`,
    { thread: waitedFor, safeSeq: seq });
}

/**
 * Clear the request and bump the epoch: the world is restarted. Caller still holds gc_mutex and
 * wakes the parked threads itself (wakeParked) once it has released gc_mutex, so the threads it
 * wakes do not block at once on the lock it still holds. That is safe: a parked thread waits only
 * while the epoch is unchanged, and the epoch moved here.
 */
export function restartWorld(h: Heap, tid: number): void {
  const i32 = h.i32;
  recordOp(h, tid, L.op('restart_world'));
  Atomics.store(i32, L.kCollecting, 0);
  Atomics.store(i32, L.kSafepointRequest, 0);
  Atomics.add(i32, L.kEpoch, 1);
}

/** Wake every thread parked on the epoch (after restartWorld). */
export function wakeParked(h: Heap): void {
  Atomics.notify(h.i32, L.kEpoch);
}

export function anyThreadInNative(h: Heap): boolean {
  for (let t = 0; t < h.mutators; t++) if (Atomics.load(h.i32, h.th(t, L.kThState)) === L.kStateNative) return true;
  return false;
}
