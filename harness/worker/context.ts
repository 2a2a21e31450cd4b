// The MutatorContext a scenario program gets (common/scenario.ts is the contract): the runtime's
// Mutator wrapped with the harness's services, one per mutator thread. Worker side only.
//
// What it adds to each operation, and why:
//  - identity and content: every object is sealed at allocation (common/content.ts), and its
//    expected identity is kept per root slot, per pin and per global (common/global-shadow.ts);
//  - checks: after every collection, at the next safepoint or return from native, every object
//    this thread can reach (its handles, their references, the objects only its pins hold) is
//    checked in full (checkAll); unpin and release check the cheap part (address, identity);
//  - schedules: allocations are counted here, where they happen, for --gc-every-allocs K; the
//    every-safepoint schedule collects at each safepoint; perturbation runs at each point;
//  - grading: an object checked after a collection counts as pinExercised (it was pinned) or ok;
//    a failed check records the first forbidden outcome and stops the run.
import { AbortedError } from '../../runtime/errors.ts';
import type { Heap } from '../../runtime/heap.ts';
import * as L from '../../runtime/layout.ts';
import { kNullHandle, type Mutator } from '../../runtime/mutator.ts';
import { abortRun, collectingNow } from '../../runtime/safepoint.ts';
import { resolve } from '../../runtime/strategy.ts';
import { isLiveObjectAt } from '../../runtime/walk.ts';
import { checkContent, idOf, kIdWord, minDataWords, otherObjectAt, rewrite, seal, sealedVersion, setTargetId, targetIdOf } from '../common/content.ts';
import { type FailureDetailCode, type FailureValues, recordForbidden } from '../common/failure.ts';
import type { GlobalShadow } from '../common/global-shadow.ts';
import type { RunMemory } from '../common/run-memory.ts';
import type { ForbiddenOutcome, GcKindName, Handle, MutatorContext, NativeIo, PinnedAddress, SpaceName } from '../common/scenario.ts';
import type { Rng } from '../common/seed.ts';
import type { RunConfig } from '../result.ts';
import * as F from './findings.ts';
import { HandleTable } from './handle-table.ts';
import { blockingCall, makePerturber, type PerturbPoint } from './perturb.ts';
import { PinTable } from './pin-table.ts';
import { readGlobal } from './read-global.ts';
import { ForcedSchedule } from './schedule.ts';

const kMinPayload = minDataWords(0) * 4;

export class ScenarioContext implements MutatorContext {
  readonly tid: number;
  readonly mutators: number;
  readonly iterations: number;
  readonly rng: Rng;
  readonly config: Readonly<RunConfig>;
  private readonly m: Mutator;
  private readonly h: Heap;
  private readonly i32: Int32Array;
  private readonly globals: GlobalShadow;
  private readonly perturber: ((p: PerturbPoint) => void) | null;
  private readonly schedule: ForcedSchedule;
  private readonly idTag: number;
  private seq = 0;
  /** Each root slot's expected identity, and the live slots. */
  private readonly handles: HandleTable;
  /** The pins this thread holds, with the epoch each was taken in. */
  private readonly pins: PinTable;
  private checkedEpoch: number;
  private iteration = -1;
  private readonly run: RunMemory;
  private readonly runBase: number;
  private readonly io: NativeIo;

  constructor(m: Mutator, config: RunConfig, rng: Rng, globals: GlobalShadow, run: RunMemory) {
    this.run = run;
    this.runBase = run.th(m.tid, 0);
    this.m = m;
    this.h = m.h;
    this.i32 = m.h.i32;
    this.tid = m.tid;
    this.mutators = m.h.mutators;
    this.iterations = config.iterations;
    this.rng = rng;
    this.config = config;
    this.globals = globals;
    this.perturber = makePerturber(config.perturb, rng);
    const perturber = this.perturber;
    if (perturber) this.h.perturb = () => perturber('transition');
    this.schedule = new ForcedSchedule(config.schedule, rng);
    this.idTag = (this.tid + 1) << 24;
    this.handles = new HandleTable(m.h.rootsPerThread);
    this.pins = new PinTable(this.tid);
    this.checkedEpoch = Atomics.load(this.i32, L.kEpoch);
    const i32 = this.i32;
    this.io = {
      read: (addr, i) => i32[L.payloadIndex(addr, i)],
      rewrite: (addr) => this.rewritePinned(addr),
    };
  }

  // ---------------- objects ----------------

  alloc(bytes: number): Handle {
    const hd = this.m.allocBytes(bytes < kMinPayload ? kMinPayload : bytes);
    return this.born(hd);
  }

  allocRefs(nRefs: number, dataBytes = 0): Handle {
    const min = minDataWords(nRefs) * 4;
    const hd = this.m.allocRefs(nRefs, dataBytes < min ? min : dataBytes);
    return this.born(hd);
  }

  allocGarbage(bytes: number): void {
    this.m.release(this.m.allocBytes(bytes));
    this.counted();
  }

  /** A new object: seal it with a fresh identity, track its handle, count the allocation. */
  private born(hd: Handle): Handle {
    this.seq = (this.seq + 1) & 0xffffff;
    const id = this.idTag | this.seq;
    seal(this.i32, this.m.addressOf(hd), id);
    this.handles.track(hd, id);
    this.counted();
    return hd;
  }

  private counted(): void {
    if (this.perturber) this.perturber('alloc');
    this.schedule.allocated();
  }

  release(hd: Handle): void {
    this.quickCheck(hd);
    this.handles.untrack(hd);
    this.m.release(hd);
  }

  dup(hd: Handle): Handle {
    const d = this.m.dup(hd);
    this.handles.track(d, this.handles.ids[hd]);
    return d;
  }

  id(hd: Handle): number {
    return this.handles.ids[hd];
  }

  space(hd: Handle): SpaceName {
    return this.h.spaceOf(this.m.addressOf(hd));
  }

  address(hd: Handle): number {
    return this.m.addressOf(hd);
  }

  setRef(holder: Handle, field: number, target: Handle): void {
    this.m.setRef(holder, field, target);
    // No safepoint between the two stores: a verification never sees one without the other.
    setTargetId(this.i32, this.m.addressOf(holder), field, target === kNullHandle ? 0 : this.handles.ids[target]);
  }

  getRef(holder: Handle, field: number): Handle {
    const a = this.m.addressOf(holder);
    // The field is judged before a handle to its target exists: a broken reference is the
    // holder's (heapInvalid), not a stale root of this thread's.
    if (!this.checkField(a, field)) return kNullHandle;
    const hd = this.m.getRef(holder, field);
    if (hd !== kNullHandle) this.handles.track(hd, targetIdOf(this.i32, a, field));
    return hd;
  }

  setGlobal(g: number, hd: Handle): void {
    this.globals.publish(g, hd === kNullHandle ? 0 : this.handles.ids[hd], () => this.m.setGlobal(g, hd));
  }

  getGlobal(g: number): Handle {
    const r = readGlobal(this.globals, g, this.m, (f) => this.fail(f));
    if (r.hd === kNullHandle) return r.hd;
    this.handles.track(r.hd, r.id);
    this.quickCheck(r.hd);
    return r.hd;
  }

  // ---------------- pinning ----------------

  pin(hd: Handle): PinnedAddress {
    const addr = this.m.pin(hd);
    const id = this.handles.ids[hd];
    if (!this.pins.deepen(id)) this.pins.push(id, addr, Atomics.load(this.i32, L.kEpoch));
    if (this.perturber) this.perturber('pin');
    return addr;
  }

  unpin(hd: Handle): void {
    const k = this.pins.indexOf(this.handles.ids[hd]);
    if (k >= 0) {
      this.quickCheck(hd);
      this.pins.drop(k);
    }
    this.m.unpin(hd);
    if (this.perturber) this.perturber('unpin');
  }

  adopt(addr: PinnedAddress): Handle {
    const hd = this.m.rootFromPinned(addr);
    const id = this.pins.idAt(addr);
    this.handles.track(hd, id !== 0 ? id : idOf(this.i32, addr));
    this.quickCheck(hd);
    return hd;
  }

  /** The pins this thread holds now, nested ones counted (the end-of-run pin balance). */
  pinsHeld(): number {
    return this.pins.held();
  }

  // ---------------- safepoints, native calls, collections ----------------

  safepoint(): boolean {
    if (this.perturber) this.perturber('safepoint');
    let collected: boolean;
    if (this.schedule.collectNow()) {
      this.m.collect(L.kGcMinor, L.kGcReasonForced);
      collected = true;
    } else collected = this.m.safepoint();
    this.afterSafe();
    return collected;
  }

  callNative(us: number, body?: (io: NativeIo) => void): boolean {
    const tok = this.m.enterNative();
    if (us > 0) blockingCall(us);
    if (body) body(this.io);
    const collected = this.m.leaveNative(tok);
    this.afterSafe();
    return collected;
  }

  requestGc(kind: GcKindName = 'minor'): void {
    this.m.requestGc(kind === 'major' ? L.kGcMajor : L.kGcMinor);
  }

  collect(kind: GcKindName = 'minor'): void {
    this.m.collect(kind === 'major' ? L.kGcMajor : L.kGcMinor);
    this.afterSafe();
  }

  /** Back in managed code after a safe state: nothing may be collecting now, and after a collection every object is checked. */
  private afterSafe(): void {
    if (collectingNow(this.h)) this.fail(F.managedDuringCollection());
    const e = Atomics.load(this.i32, L.kEpoch);
    if (e !== this.checkedEpoch) {
      this.checkedEpoch = e;
      this.checkAll();
    }
  }

  barrier(): void {
    const tok = this.m.enterNative(); // safe meanwhile: collections may run while it waits
    this.run.barrier(this.mutators, 50, () => { this.h.i32[this.h.th(this.tid, L.kThWaitingOn)] = L.kWaitBarrier; });
    this.m.leaveNative(tok);
    this.afterSafe();
  }

  progress(i: number): void {
    this.iteration = i;
    this.run.beat(this.runBase, i);
  }

  // ---------------- checks ----------------

  check(hd: Handle): void {
    this.checkObject(hd, false);
  }

  /** Every object this thread can reach, in full: its handles (and what they refer to), and the objects its pins hold. */
  private checkAll(): void {
    const hs = this.handles;
    for (let k = 0; k < hs.count; k++) if (!this.checkObject(hs.live[k], true)) return;
    for (let k = 0; k < this.pins.count; k++) if (!this.checkPinnedAt(k)) return;
  }

  /** The cheap part: the handle still reaches its object at its pinned address, with its identity. */
  private quickCheck(hd: Handle): void {
    const a = this.m.addressOf(hd);
    const id = this.handles.ids[hd];
    const k = this.pins.indexOf(id);
    if (!isCurrentObjectAt(this.h, a) || (k >= 0 && a !== this.pins.addrs[k]) || idOf(this.i32, a) !== id) {
      this.checkObject(hd, false);
    }
  }

  /**
   * One object through one handle, in full. `graded`: count it as exercised or ok. Returns false
   * once a forbidden outcome is recorded. The order decides the class: a root at no object is a
   * stale root; a pinned object not at its pinned address moved; then content, then references.
   */
  private checkObject(hd: Handle, graded: boolean): boolean {
    const h = this.h;
    const i32 = this.i32;
    const id = this.handles.ids[hd];
    let a = this.m.addressOf(hd);
    // kReadBarrierCurrent, judged once: another thread may have copied the object to the pin space
    // after addressOf read it, and the copy is complete once visible, so a read barrier that works
    // resolves it on a second read. A copy made after this point leaves `a` an intact old copy,
    // which the checks below accept.
    if (isForwardedCopy(h, a)) {
      a = this.m.addressOf(hd);
      if (isForwardedCopy(h, a)) return this.fail(F.staleRoot(a, id, 'root-points-at-forwarded-object'));
    }
    const k = this.pins.indexOf(id);
    if (k >= 0) {
      // A pinned object: its root must still hold the pinned address, and the memory there must
      // still be the object.
      const pinned = this.pins.addrs[k];
      if (a !== pinned) return this.fail(F.pinnedElsewhere(pinned, a, id, isLiveObjectAt(h, a) && checkContent(i32, a, id) === null, i32[pinned >> 2]));
      if (!isLiveObjectAt(h, a)) return this.fail(F.pinnedLost(a, id, i32[a >> 2], 'content-mismatch'));
    } else if (!isLiveObjectAt(h, a)) {
      return this.fail(F.staleRoot(a, id, staleRootDetail(h, a)));
    }
    const bad = checkContent(i32, a, id);
    if (bad) return this.fail(F.contentFinding(a, id, bad, k < 0 && otherObjectAt(i32, a, bad)));
    if (!this.checkRefs(a)) return false;
    if (graded && k < 0) this.grade(k);
    return true;
  }

  /** kRefIdentity from the mutator's side: every field reaches the object stored in it, intact. */
  private checkRefs(a: number): boolean {
    const info = this.i32[(a >> 2) + L.kObjInfo];
    if ((info & L.kKindMask) !== L.kKindRefs) return true;
    const n = info >>> L.kInfoRefsShift;
    for (let f = 0; f < n; f++) if (!this.checkField(a, f)) return false;
    return true;
  }

  /** Field `f` of the refs object at `a` reaches the object whose id the holder recorded (or null). */
  private checkField(a: number, f: number): boolean {
    const h = this.h;
    const i32 = this.i32;
    const want = targetIdOf(i32, a, f);
    let v = i32[L.payloadIndex(a, f)];
    if (h.strategy === L.kStrategyCopyOnPin) v = resolve(h, v);
    if (want === 0) return v === 0 || this.fail(F.fieldNotNull(a, v));
    if (!isLiveObjectAt(h, v)) return this.fail(F.fieldLost(a, want, v));
    const bad = checkContent(i32, v, want);
    return !bad || this.fail(F.fieldContent(v, bad, bad.word === kIdWord));
  }

  /** An object held by a pin of this thread, checked through its pinned address. */
  private checkPinnedAt(k: number): boolean {
    const addr = this.pins.addrs[k];
    const id = this.pins.ids[k];
    if (!isLiveObjectAt(this.h, addr)) return this.fail(F.pinnedLost(addr, id, this.i32[addr >> 2], 'pinned-object-reclaimed'));
    const bad = checkContent(this.i32, addr, id);
    if (bad) return this.fail(F.contentFinding(addr, id, bad, false));
    if (!this.checkRefs(addr)) return false;
    this.grade(k);
    return true;
  }

  /**
   * Count an object found intact after a collection, once: a pinned object through its pin record
   * (k), as pinExercised if it was pinned throughout a collection; an unpinned one through its handle.
   */
  private grade(k: number): void {
    this.run.grade(this.tid, k >= 0 && this.pins.epochs[k] !== this.checkedEpoch);
  }

  /** Native code writes the pinned buffer: new content, next version. */
  private rewritePinned(addr: number): void {
    const v = sealedVersion(this.i32, addr);
    if (v < 0) return; // not intact: the next check reports it
    rewrite(this.i32, addr, v + 2);
  }

  forbidden(outcome: ForbiddenOutcome, detail: FailureDetailCode, values: FailureValues = { address: 0, expected: 0, actual: 0 }): never {
    this.fail(F.scenarioFinding(outcome, detail, values));
  }

  private fail(f: F.Finding): never {
    if (recordForbidden(this.run, this.tid, f.kind, { ...f.values, iteration: this.iteration, detail: f.detail })) {
      this.run.abort();
      abortRun(this.h);
    }
    throw new AbortedError('a forbidden outcome was recorded');
  }
}

/**
 * Invariant kReadBarrierCurrent: an address the runtime hands a mutator for a handle (addressOf)
 * is the object's current copy, never one it has forwarded. A root slot under copy-on-pin may
 * still hold the old copy (isLiveObjectAt accepts it), but the read barrier must resolve it:
 * reading or writing the old copy after another thread copied the object loses the writes.
 */
function isCurrentObjectAt(h: Heap, a: number): boolean {
  return isLiveObjectAt(h, a) && !h.isForwarded(a);
}

/** An intact object that copy-on-pin has forwarded to its pin-space copy. */
function isForwardedCopy(h: Heap, a: number): boolean {
  return isLiveObjectAt(h, a) && h.isForwarded(a);
}

/** Why a root fails isLiveObjectAt: what it points at. */
export function staleRootDetail(h: Heap, a: number): FailureDetailCode {
  if (a === 0 || !h.inHeap(a) || (a & 7) !== 0) return 'root-points-outside-the-heap';
  // A free chunk's info word has the forwarded bit among its own: freed is asked first.
  if (h.i32[(a >> 2) + L.kObjSize] === L.kPoison || h.i32[(a >> 2) + L.kObjInfo] === L.kFreeChunkInfo) return 'root-points-at-freed-memory';
  return (h.i32[(a >> 2) + L.kObjInfo] & L.kFlagForwarded) !== 0 ? 'root-points-at-forwarded-object' : 'root-points-at-freed-memory';
}

/** The runtime Mutator behind a context: for the benchmark ladder's bare rung only, never for scenarios. */
export function runtimeMutatorOf(ctx: MutatorContext): Mutator {
  return (ctx as unknown as { m: Mutator }).m;
}
