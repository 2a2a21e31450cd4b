// The mutator API: what a worker thread calls to use the runtime. Runs on mutator threads only.
// Mutator code holds root handles (slot indices in its shadow stack), never raw addresses, except
// the address pin() returns, which stays valid until the matching unpin(). It is the built-in
// runtime's mutator side of the runtime contract (contract.ts).
import type { MutatorSide } from './contract.ts';
import { oldAlloc, freeListAlloc, refillTlab } from './allocator.ts';
import { BadHandleError, hex, OutOfMemoryError, UnpinUnderflowError } from './errors.ts';
import { kFaultLockAtSafepoint, kFaultMissingBarrier, kFaultPinBit, kFaultUnbalancedUnpin } from './faults.ts';
import { type Heap, objectBytes } from './heap.ts';
import * as L from './layout.ts';
import { lock, unlock } from './mutex.ts';
import { enterNative, exitThread, leaveNative, park, poll, requestCollection, setState } from './safepoint.ts';
import { copyToPinSpace, lockerEnter, lockerExit, resolve } from './strategy.ts';
import { recordOp } from './trail.ts';

export type Handle = number;
export const kNullHandle = -1;

export class Mutator implements MutatorSide {
  readonly h: Heap;
  readonly tid: number;
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  private readonly rootBase: number;
  // Free root slots as a FIFO ring: a released slot goes to the back, so over a run every slot of
  // the thread's shadow stack is used, the last ones too (a collector that skips a slot is seen).
  private readonly freeSlots: Int32Array;
  private freeHead = 0;
  private freeCount: number;
  private readonly tlabCurW: number;
  private readonly tlabEndW: number;
  private readonly statBase: number;
  private readonly copyOnPin: boolean;
  private readonly gcLocker: boolean;
  private readonly pinBit: boolean;

  constructor(h: Heap, tid: number) {
    if (tid < 0 || tid >= h.mutators) throw new RangeError(`mutator id ${tid} out of range 0..${h.mutators - 1}`);
    this.h = h;
    this.tid = tid;
    this.i32 = h.i32;
    this.f64 = h.f64;
    this.rootBase = h.rootSlot(tid, 0);
    this.freeSlots = new Int32Array(h.rootsPerThread);
    for (let i = 0; i < h.rootsPerThread; i++) this.freeSlots[i] = i;
    this.freeCount = h.rootsPerThread;
    this.tlabCurW = h.th(tid, L.kThTlabCur);
    this.tlabEndW = h.th(tid, L.kThTlabEnd);
    this.statBase = h.threadStat(tid, 0);
    this.copyOnPin = h.strategy === L.kStrategyCopyOnPin;
    this.gcLocker = h.strategy === L.kStrategyGcLocker;
    this.pinBit = h.fault(kFaultPinBit);
    recordOp(h, tid, L.op('register'));
    // Registering is leaving a safe state: kManagedAfterRecheck applies.
    setState(h, tid, L.kStateManaged);
    if (Atomics.load(this.i32, L.kSafepointRequest) !== 0) park(h, tid);
  }

  // ---------------- allocation ----------------

  /** Allocate a byte array with `payloadBytes` of payload; returns a root handle. */
  allocBytes(payloadBytes: number): Handle {
    return this.newRoot(this.allocRaw(objectBytes(payloadBytes), L.kKindBytes, 0, payloadBytes));
  }

  /** Allocate a reference object: `nRefs` reference fields (null) then `dataBytes` of data. */
  allocRefs(nRefs: number, dataBytes = 0): Handle {
    return this.newRoot(this.allocRaw(objectBytes(nRefs * 4 + dataBytes), L.kKindRefs, nRefs, nRefs * 4 + dataBytes));
  }

  private allocRaw(size: number, kind: number, nRefs: number, payloadBytes: number): number {
    const h = this.h;
    const i32 = this.i32;
    this.i32[h.th(this.tid, L.kThLastOp)] = L.kOpAlloc;
    if (payloadBytes > h.losThreshold) return this.allocLarge(size, kind, nRefs);
    lock(h, this.tid);
    let a = i32[this.tlabCurW];
    if (a !== 0 && a + size <= i32[this.tlabEndW]) i32[this.tlabCurW] = a + size;
    else a = this.allocSlow(size);
    h.initObject(a, size, kind, nRefs);
    unlock(h, this.tid);
    const f = this.f64;
    f[this.statBase + L.T.allocs]++;
    f[this.statBase + L.T.bytesAllocated] += size;
    return a;
  }

  /** TLAB refill, collection requests, old-space fallback. Entered and left holding gc_mutex. */
  private allocSlow(size: number): number {
    const h = this.h;
    const i32 = this.i32;
    for (let attempt = 0; ; attempt++) {
      recordOp(h, this.tid, L.op('tlab_refill'), attempt);
      if (refillTlab(h, this.tid)) {
        const a = i32[this.tlabCurW];
        i32[this.tlabCurW] = a + size;
        return a;
      }
      if (attempt >= 2) break;
      // The nursery is exhausted: ask for a collection and wait for it.
      const e0 = Atomics.load(i32, L.kEpoch);
      if (h.fault(kFaultLockAtSafepoint)) {
        this.requestGc(L.kGcMinor, L.kGcReasonAllocation);
        park(h, this.tid, e0); // the fault: parks while holding gc_mutex
        continue;
      }
      unlock(h, this.tid);
      this.requestGc(L.kGcMinor, L.kGcReasonAllocation);
      park(h, this.tid, e0);
      lock(h, this.tid);
    }
    // Pins keep every block retained: allocate in old space instead, and count it.
    h.f64[h.stat(L.G.allocFailures)]++;
    let a = oldAlloc(h, size);
    if (a === 0) {
      unlock(h, this.tid);
      const e0 = Atomics.load(i32, L.kEpoch);
      this.requestGc(L.kGcMajor, L.kGcReasonAllocation);
      park(h, this.tid, e0);
      lock(h, this.tid);
      a = oldAlloc(h, size);
      if (a === 0) {
        unlock(h, this.tid);
        throw new OutOfMemoryError(`old space exhausted allocating ${size} bytes after a major collection`, { size });
      }
    }
    i32.fill(0, a >> 2, (a + size) >> 2);
    return a;
  }

  private allocLarge(size: number, kind: number, nRefs: number): number {
    const h = this.h;
    lock(h, this.tid);
    let a = freeListAlloc(h, h.layout.los, h.layout.losEnd, size);
    if (a === 0) {
      unlock(h, this.tid);
      const e0 = Atomics.load(this.i32, L.kEpoch);
      this.requestGc(L.kGcMajor, L.kGcReasonAllocation);
      park(h, this.tid, e0);
      lock(h, this.tid);
      a = freeListAlloc(h, h.layout.los, h.layout.losEnd, size);
      if (a === 0) {
        unlock(h, this.tid);
        throw new OutOfMemoryError(`large-object space exhausted allocating ${size} bytes`, { size });
      }
    }
    size = h.size(a); // the chunk may be a little larger than asked
    h.initObject(a, size, kind, nRefs, L.kFlagLarge);
    h.f64[h.stat(L.G.losBytesAllocated)] += size;
    unlock(h, this.tid);
    this.f64[this.statBase + L.T.allocs]++;
    this.f64[this.statBase + L.T.bytesAllocated] += size;
    return a;
  }

  /** Ask the collector for a collection without waiting; reason: kGcReason*. */
  requestGc(kind: L.GcKind, reason: number = L.kGcReasonRequested): void {
    recordOp(this.h, this.tid, L.op('request_gc'), kind);
    requestCollection(this.h, { kind, reason });
  }

  /** Request a collection and wait until one has completed. */
  collect(kind: L.GcKind = L.kGcMinor, reason: number = L.kGcReasonRequested): void {
    const e0 = Atomics.load(this.i32, L.kEpoch);
    this.requestGc(kind, reason);
    park(this.h, this.tid, e0);
  }

  // ---------------- roots ----------------

  private newRoot(a: number): Handle {
    if (this.freeCount === 0) {
      throw new BadHandleError(`${this.h.rootsPerThread} root slots of mutator-${this.tid} are all in use`, { tid: this.tid });
    }
    const slot = this.freeSlots[this.freeHead];
    this.freeHead = this.freeHead + 1 === this.freeSlots.length ? 0 : this.freeHead + 1;
    this.freeCount--;
    this.i32[this.rootBase + slot] = a;
    return slot;
  }

  /** Drop a root; the object may be collected once nothing else holds it. */
  release(hd: Handle): void {
    this.i32[this.rootBase + hd] = 0;
    const n = this.freeSlots.length;
    let tail = this.freeHead + this.freeCount;
    if (tail >= n) tail -= n;
    this.freeSlots[tail] = hd;
    this.freeCount++;
  }

  /** Current address of a handle's object (managed code only; it changes at safepoints). */
  addressOf(hd: Handle): number {
    const a = this.i32[this.rootBase + hd];
    return this.copyOnPin ? resolve(this.h, a) : a;
  }

  /** A root for the object at a pinned raw address (valid while the pin is held: a pin is a root). */
  rootFromPinned(addr: number): Handle {
    return this.newRoot(addr);
  }

  /** Duplicate a handle (a second root to the same object). */
  dup(hd: Handle): Handle {
    return this.newRoot(this.addressOf(hd));
  }

  setGlobal(g: number, hd: Handle): void {
    Atomics.store(this.i32, this.h.globalRootSlot(g), hd === kNullHandle ? 0 : this.addressOf(hd));
  }

  getGlobal(g: number): Handle {
    const a = Atomics.load(this.i32, this.h.globalRootSlot(g));
    return a === 0 ? kNullHandle : this.newRoot(this.copyOnPin ? resolve(this.h, a) : a);
  }

  // ---------------- payload and references ----------------

  read(hd: Handle, i: number): number {
    return this.i32[L.payloadIndex(this.addressOf(hd), i)];
  }

  write(hd: Handle, i: number, v: number): void {
    this.i32[L.payloadIndex(this.addressOf(hd), i)] = v;
  }

  getRef(hd: Handle, field: number): Handle {
    recordOp(this.h, this.tid, L.op('read_ref'), field);
    let v = this.i32[L.payloadIndex(this.addressOf(hd), field)];
    if (v === 0) return kNullHandle;
    if (this.copyOnPin) v = resolve(this.h, v);
    return this.newRoot(v);
  }

  /** Store a reference; the write barrier records old-to-young pointers in the remembered set. */
  setRef(hd: Handle, field: number, value: Handle): void {
    const h = this.h;
    const i32 = this.i32;
    recordOp(h, this.tid, L.op('write_ref'), field);
    const a = this.addressOf(hd);
    const v = value === kNullHandle ? 0 : this.addressOf(value);
    if (field < 0 || field >= h.nRefs(a)) {
      throw new BadHandleError(`field ${field} out of range for object ${hex(a)} with ${h.nRefs(a)} references`, { field });
    }
    i32[L.payloadIndex(a, field)] = v;
    if (v !== 0 && !h.inNursery(a) && h.inNursery(v) && (h.faults & kFaultMissingBarrier) === 0) {
      if ((Atomics.or(i32, (a >> 2) + L.kObjInfo, L.kFlagRemembered) & L.kFlagRemembered) === 0) {
        const top = Atomics.add(i32, L.kRemsetTop, 1);
        i32[h.layout.remsetAt + top] = a;
      }
    }
  }

  // ---------------- pinning ----------------

  /** Pin: returns a raw address that stays valid until the matching unpin(). Pins nest. */
  pin(hd: Handle): number {
    const h = this.h;
    const i32 = this.i32;
    i32[h.th(this.tid, L.kThLastOp)] = L.kOpPin;
    // gc-locker may wait (safe) for a collection first: read the address only after it.
    if (this.gcLocker) lockerEnter(h, this.tid);
    let a = this.i32[this.rootBase + hd];
    if (this.copyOnPin) {
      a = resolve(h, a);
      if (!h.inPinSpace(a) && !h.inLos(a)) a = copyToPinSpace(h, this.tid, this.rootBase + hd);
      i32[this.rootBase + hd] = a;
    }
    const w = (a >> 2) + L.kObjPin;
    let depth: number;
    if (this.pinBit) {
      Atomics.store(i32, w, 1); // the fault: a bit, not a count
      depth = 1;
    } else depth = Atomics.add(i32, w, 1) + 1;
    const f = this.f64;
    f[this.statBase + L.T.pins]++;
    if (depth > f[this.statBase + L.T.maxPinDepth]) f[this.statBase + L.T.maxPinDepth] = depth;
    i32[h.th(this.tid, L.kThPinsHeld)]++;
    return a;
  }

  unpin(hd: Handle): void {
    const h = this.h;
    const i32 = this.i32;
    i32[h.th(this.tid, L.kThLastOp)] = L.kOpUnpin;
    const a = this.addressOf(hd);
    const w = (a >> 2) + L.kObjPin;
    if (this.pinBit) Atomics.store(i32, w, 0); // the fault: the first unpin clears every thread's pin
    else if ((h.faults & kFaultUnbalancedUnpin) !== 0) Atomics.sub(i32, w, 1); // the fault: no check
    else {
      for (;;) {
        const c = Atomics.load(i32, w);
        if (c <= 0) {
          throw new UnpinUnderflowError(
            `unpin of object ${hex(a)} (${h.spaceOf(a)}, handle ${hd} of mutator-${this.tid}) whose pin count is ${c}`,
            { address: a, handle: hd, tid: this.tid, pinCount: c });
        }
        if (Atomics.compareExchange(i32, w, c, c - 1) === c) break;
      }
    }
    if (this.gcLocker) lockerExit(h);
    i32[h.th(this.tid, L.kThPinsHeld)]--;
    this.f64[this.statBase + L.T.unpins]++;
  }

  // ---------------- safepoints and native calls ----------------

  /** Safepoint poll; true if a collection ran while this thread was parked. */
  safepoint(): boolean {
    this.i32[this.h.th(this.tid, L.kThLastOp)] = L.kOpSafepoint;
    return poll(this.h, this.tid);
  }

  /** Enter a blocking foreign call. Only pinned raw addresses may be used until leaveNative. */
  enterNative(): number {
    return enterNative(this.h, this.tid);
  }

  /** Back to managed code; true if a collection ran during the native call. */
  leaveNative(token: number): boolean {
    return leaveNative(this.h, this.tid, token);
  }

  /** Read a word through a raw (pinned) address, as native code would. */
  readRaw(addr: number, i: number): number {
    return this.i32[L.payloadIndex(addr, i)];
  }

  writeRaw(addr: number, i: number, v: number): void {
    this.i32[L.payloadIndex(addr, i)] = v;
  }

  exit(): void {
    exitThread(this.h, this.tid);
  }
}
