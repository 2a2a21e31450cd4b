// gc_mutex: a futex mutex on Atomics (0 free, 1 locked, 2 locked with waiters) that records its
// owner. Not recursive. In errorcheck mode a re-lock by the owner throws at once; in normal mode it
// blocks forever, as the original bug did (until the harness aborts the run).
//
// Called by: mutators (allocation), the collector (every collection), the main thread (gc_init).
// Invariant kMutexOwnerUnlocks: only the owner unlocks (unlock).
// Invariant kBlockedWhileWaiting: a thread waiting for gc_mutex has published kStateBlocked, so a
// collection may proceed without it; it publishes its previous state again once it holds the lock,
// and a mutator that then finds a stop requested gives the lock back and parks (lockSlow), since
// the collector takes gc_mutex only after the world has stopped (collector.ts).
import { AbortedError, InvariantError, MutexRelockError } from './errors.ts';
import { kFaultLostWakeup } from './faults.ts';
import type { Heap } from './heap.ts';
import * as L from './layout.ts';
import { park, setState } from './safepoint.ts';
import { frames, popFrame, pushFrame, recordOp, threadName, trail } from './trail.ts';

const kOpLock = L.op('lock(gc_mutex)');
const kOpUnlock = L.op('unlock(gc_mutex)');

export function lock(h: Heap, tid: number): void {
  const i32 = h.i32;
  if (Atomics.compareExchange(i32, L.kGcMutex, L.kMutexFree, L.kMutexLocked) === L.kMutexFree) {
    i32[L.kGcMutexOwner] = tid;
    if (tid >= 0) h.f64[h.threadStat(tid, L.T.mutexAcquisitions)]++;
    return;
  }
  lockSlow(h, tid);
}

function lockSlow(h: Heap, tid: number): void {
  const i32 = h.i32;
  const owner = Atomics.load(i32, L.kGcMutexOwner);
  pushFrame(h, tid, kOpLock, owner);
  if (owner === tid && h.errorcheck) {
    const path = frames(h, tid);
    throw new MutexRelockError(
      `gc_mutex re-locked by its owner ${threadName(h, tid)} (thread ${tid}); path: ${path.join(' > ')}`,
      { lock: 'gc_mutex', owner: tid, ownerName: threadName(h, tid), path, trail: tid >= 0 ? trail(h, tid) : [] });
  }
  const t0 = performance.now();
  const mutator = tid >= 0 && tid < h.mutators;
  const prevState = tid >= 0 ? Atomics.load(i32, h.th(tid, L.kThState)) : L.kStateManaged;
  for (;;) {
    if (tid >= 0) setState(h, tid, L.kStateBlocked, L.kWaitGcMutex, Atomics.load(i32, L.kGcMutexOwner));
    acquire(h, tid);
    if (tid < 0) break;
    setState(h, tid, prevState);
    // kManagedAfterRecheck: while this thread waited (a safe state) the collector may have begun
    // to stop the world, counting it as safe; holding gc_mutex, it must not go on. It gives the
    // lock back and parks until the collection is over, then tries again.
    if (!mutator || prevState !== L.kStateManaged || Atomics.load(i32, L.kSafepointRequest) === 0) break;
    release(h, tid);
    park(h, tid);
  }
  popFrame(h, tid);
  if (tid < 0) return;
  const f = h.f64;
  f[h.threadStat(tid, L.T.mutexAcquisitions)]++;
  f[h.threadStat(tid, L.T.mutexContended)]++;
  f[h.threadStat(tid, L.T.mutexWaitUs)] += (performance.now() - t0) * 1e3;
}

/** Wait until the futex word is ours (state 2: others may wait too), then record the owner. */
function acquire(h: Heap, tid: number): void {
  const i32 = h.i32;
  Atomics.add(i32, L.kGcMutexWaiters, 1);
  let c = Atomics.exchange(i32, L.kGcMutex, L.kMutexContended);
  while (c !== L.kMutexFree) {
    if (Atomics.load(i32, L.kAbort) !== 0) {
      Atomics.sub(i32, L.kGcMutexWaiters, 1);
      throw new AbortedError('waiting for gc_mutex');
    }
    Atomics.wait(i32, L.kGcMutex, L.kMutexContended);
    c = Atomics.exchange(i32, L.kGcMutex, L.kMutexContended);
  }
  Atomics.sub(i32, L.kGcMutexWaiters, 1);
  i32[L.kGcMutexOwner] = tid;
}

export function unlock(h: Heap, tid: number): void {
  const owner = h.i32[L.kGcMutexOwner];
  if (owner !== tid) {
    throw new InvariantError('kMutexOwnerUnlocks', `${threadName(h, tid)} unlocked gc_mutex owned by ${threadName(h, owner)}`,
      { owner, unlocker: tid, word: Atomics.load(h.i32, L.kGcMutex) });
  }
  release(h, tid);
}

/** Give the lock up and wake one waiter (the owner has been checked). */
function release(h: Heap, tid: number): void {
  const i32 = h.i32;
  i32[L.kGcMutexOwner] = L.kNoThread;
  if (Atomics.sub(i32, L.kGcMutex, 1) !== L.kMutexLocked) {
    Atomics.store(i32, L.kGcMutex, L.kMutexFree);
    if ((h.faults & kFaultLostWakeup) !== 0) {
      recordOp(h, tid, kOpUnlock, -1); // the fault: the waiter is never woken
      return;
    }
    Atomics.notify(i32, L.kGcMutex, 1);
  }
}

/** The one owner this thread may release the lock for: used by a collection that failed midway. */
export function ownsLock(h: Heap, tid: number): boolean {
  return Atomics.load(h.i32, L.kGcMutexOwner) === tid && Atomics.load(h.i32, L.kGcMutex) !== L.kMutexFree;
}

export function mutexSnapshot(h: Heap): { word: number; owner: number; waiters: number } {
  return {
    word: Atomics.load(h.i32, L.kGcMutex),
    owner: Atomics.load(h.i32, L.kGcMutexOwner),
    waiters: Atomics.load(h.i32, L.kGcMutexWaiters),
  };
}
