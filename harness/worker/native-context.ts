// The MutatorContext a scenario program gets in a native run: a library's mutator side
// (NativeMutator) with the same harness services, and the same guarantees, as ScenarioContext
// gives over the built-in runtime. Worker side.
//
// What differs is what the harness can see:
//  - memory: a payload is the harness's own data (pinstress.h keeps reference fields apart); its
//    first word holds the object's reference count (the shape word), the sealed data region
//    follows (common/content.ts nativeRegion), read through the addon's view of the heap;
//  - liveness: there is no header to read, so "no object here" is a payload that holds no sealed
//    region of a plausible shape, and a pinned object is alive if the library still adopts it;
//  - references: a field is read through ps_get_ref, each target checked through its own handle;
//  - the epoch: ps_alloc may run or wait for a collection without saying so, so after every call
//    that may collect the context reads the library's count of collections (collections()); a
//    change, or a call that says a collection ran, means every object this thread can reach is
//    checked, as after a built-in epoch bump.
// The pin table, the handle table, the schedules, the barrier, the classification of a failed check
// and the grading are the ones ScenarioContext uses.
import { AbortedError } from '../../runtime/errors.ts';
import * as L from '../../runtime/layout.ts';
import { checkRegion, kIdWord, nativePayloadBytes, nativeRegion, otherObjectIn, payloadId, regionTarget, regionVersion, rewriteRegion, sealPayload, setRegionTarget, kShapeWords } from '../common/content.ts';
import { type FailureDetailCode, type FailureValues, recordForbidden } from '../common/failure.ts';
import type { GlobalShadow } from '../common/global-shadow.ts';
import { nativeCall } from '../common/native-addon.ts';
import type { RunMemory } from '../common/run-memory.ts';
import { NULL_HANDLE, type ForbiddenOutcome, type GcKindName, type Handle, type MutatorContext, type NativeIo, type PinnedAddress, type SpaceName } from '../common/scenario.ts';
import type { Rng } from '../common/seed.ts';
import type { RunConfig } from '../result.ts';
import * as F from './findings.ts';
import { HandleTable } from './handle-table.ts';
import type { NativeMutator } from './native-mutator.ts';
import { blockingCall, makePerturber, type PerturbPoint } from './perturb.ts';
import { kMaxPins, PinTable } from './pin-table.ts';
import { readGlobal } from './read-global.ts';
import { ForcedSchedule } from './schedule.ts';

const kMinPayload = nativePayloadBytes(0);
const kNativeCall = nativeCall('native call');
const kBarrier = nativeCall('barrier');

export class NativeContext implements MutatorContext {
  readonly tid: number;
  readonly mutators: number;
  readonly iterations: number;
  readonly rng: Rng;
  readonly config: Readonly<RunConfig>;
  private readonly m: NativeMutator;
  private readonly i32: Int32Array;
  private readonly globals: GlobalShadow;
  private readonly perturber: ((p: PerturbPoint) => void) | null;
  private readonly schedule: ForcedSchedule;
  private readonly idTag: number;
  private seq = 0;
  /** Each handle's expected identity, and the live handles. */
  private readonly handles: HandleTable;
  /** Each handle's payload length, as allocated: with the shape word, where its region ends. */
  private readonly slotBytes: Int32Array;
  /** The pins this thread holds, with the epoch each was taken in, and each one's payload length. */
  private readonly pins: PinTable;
  private readonly pinBytes = new Int32Array(kMaxPins);
  /** Collections the library had completed when this thread last looked (its ps_stats count). */
  private seen: number;
  /** This thread's count of the collections it saw: pins taken in an older epoch were held through one. */
  private checkedEpoch = 0;
  private iteration = -1;
  private readonly run: RunMemory;
  private readonly runBase: number;
  private readonly io: NativeIo;
  private readonly caps: { refs: boolean; nativeState: boolean };

  constructor(m: NativeMutator, config: RunConfig, rng: Rng, globals: GlobalShadow, run: RunMemory, rootsPerThread: number) {
    this.m = m;
    this.i32 = m.heap;
    this.tid = m.tid;
    this.mutators = config.mutators;
    this.iterations = config.iterations;
    this.rng = rng;
    this.config = config;
    this.globals = globals;
    this.run = run;
    this.runBase = run.th(m.tid, 0);
    this.perturber = makePerturber(config.perturb, rng);
    this.schedule = new ForcedSchedule(config.schedule, rng);
    this.idTag = (this.tid + 1) << 24;
    this.handles = new HandleTable(rootsPerThread);
    this.slotBytes = new Int32Array(rootsPerThread);
    this.pins = new PinTable(this.tid);
    this.caps = m.ps.library.capabilities;
    this.seen = m.collections();
    const i32 = this.i32;
    this.io = {
      read: (addr, i) => i32[(addr >> 2) + i],
      rewrite: (addr) => this.rewritePinned(addr),
    };
  }

  /** A use of something the library does not have: the scenario should have required it. */
  private lacks(what: string, requirement: string): never {
    throw new Error(`${what} needs ${requirement}, which ${this.m.ps.library.path} does not have; declare requires: { ${requirement}: true } so the scenario is skipped there`);
  }

  // ---------------- objects ----------------

  alloc(bytes: number): Handle {
    const size = bytes < kMinPayload ? kMinPayload : bytes;
    return this.born(this.m.allocBytes(size), size, 0);
  }

  allocRefs(nRefs: number, dataBytes = 0): Handle {
    if (!this.caps.refs) this.lacks('allocRefs', 'refs');
    const min = nativePayloadBytes(nRefs);
    const size = dataBytes < min ? min : dataBytes;
    return this.born(this.m.allocRefs(nRefs, size), size, nRefs);
  }

  allocGarbage(bytes: number): void {
    this.m.release(this.m.allocBytes(bytes));
    this.afterSafe();
    this.counted();
  }

  /** A new object: the allocation may have collected; then seal it, track it, count it. */
  private born(hd: Handle, bytes: number, nRefs: number): Handle {
    this.afterSafe();
    this.seq = (this.seq + 1) & 0xffffff;
    const id = this.idTag | this.seq;
    sealPayload(this.i32, this.m.addressOf(hd), bytes, nRefs, id);
    this.track(hd, id, bytes);
    this.counted();
    return hd;
  }

  private counted(): void {
    if (this.perturber) this.perturber('alloc');
    this.schedule.allocated();
  }

  private track(hd: Handle, id: number, bytes: number): void {
    this.handles.track(hd, id);
    this.slotBytes[hd] = bytes;
  }

  release(hd: Handle): void {
    this.quickCheck(hd);
    this.handles.untrack(hd);
    this.m.release(hd);
  }

  dup(hd: Handle): Handle {
    const d = this.m.dup(hd);
    this.track(d, this.handles.ids[hd], this.slotBytes[hd]);
    return d;
  }

  id(hd: Handle): number {
    return this.handles.ids[hd];
  }

  space(_hd: Handle): SpaceName {
    return this.lacks('space()', 'spaces');
  }

  address(hd: Handle): number {
    return this.m.addressOf(hd);
  }

  setRef(holder: Handle, field: number, target: Handle): void {
    this.m.setRef(holder, field, target);
    // No safepoint between the two stores (neither call is one).
    setRegionTarget(this.i32, (this.m.addressOf(holder) >> 2) + kShapeWords, field, target === NULL_HANDLE ? 0 : this.handles.ids[target]);
  }

  getRef(holder: Handle, field: number): Handle {
    // The field is judged before its handle is this thread's: a broken reference is the holder's
    // (heapInvalid), not a stale root.
    const p = this.m.addressOf(holder);
    const hd = this.fieldTarget(holder, p, field);
    if (hd !== NULL_HANDLE) this.track(hd, regionTarget(this.i32, (p >> 2) + kShapeWords, field), this.m.payloadBytes(hd));
    return hd;
  }

  setGlobal(g: number, hd: Handle): void {
    this.globals.publish(g, hd === NULL_HANDLE ? 0 : this.handles.ids[hd], () => this.m.setGlobal(g, hd));
  }

  getGlobal(g: number): Handle {
    const r = readGlobal(this.globals, g, this.m, (f) => this.fail(f));
    if (r.hd === NULL_HANDLE) return r.hd;
    this.track(r.hd, r.id, this.m.payloadBytes(r.hd));
    this.quickCheck(r.hd);
    return r.hd;
  }

  // ---------------- pinning ----------------

  pin(hd: Handle): PinnedAddress {
    const addr = this.m.pin(hd);
    const id = this.handles.ids[hd];
    if (!this.pins.deepen(id)) {
      // The epoch of the last safe call: no collection can have run since (pin is not a safepoint).
      this.pins.push(id, addr, this.checkedEpoch);
      this.pinBytes[this.pins.count - 1] = this.slotBytes[hd];
    }
    if (this.perturber) this.perturber('pin');
    return addr;
  }

  unpin(hd: Handle): void {
    const k = this.pins.indexOf(this.handles.ids[hd]);
    if (k >= 0) {
      this.quickCheck(hd);
      const moved = this.pins.drop(k);
      if (moved >= 0) this.pinBytes[k] = this.pinBytes[moved];
    }
    this.m.unpin(hd);
    if (this.perturber) this.perturber('unpin');
  }

  adopt(addr: PinnedAddress): Handle {
    const hd = this.m.rootFromPinned(addr);
    const id = this.pins.idAt(addr);
    // The library knows no pinned object there: one this thread pins was lost.
    if (hd === NULL_HANDLE) this.fail(F.pinnedLost(addr, id, this.i32[addr >> 2] ?? 0, 'pinned-object-reclaimed'));
    this.track(hd, id !== 0 ? id : payloadId(this.i32, addr), this.m.payloadBytes(hd));
    this.quickCheck(hd);
    return hd;
  }

  // ---------------- safepoints, native calls, collections ----------------

  safepoint(): boolean {
    if (this.perturber) this.perturber('safepoint');
    let collected: boolean;
    if (this.schedule.collectNow()) {
      this.m.collect(L.kGcMinor);
      collected = true;
    } else collected = this.m.safepoint();
    this.afterSafe(collected);
    return collected;
  }

  callNative(us: number, body?: (io: NativeIo) => void): boolean {
    const tok = this.m.enterNative();
    this.m.inside(kNativeCall);
    if (us > 0) blockingCall(us);
    if (body) body(this.io);
    this.m.done();
    const collected = this.m.leaveNative(tok);
    this.afterSafe(collected);
    return collected;
  }

  requestGc(kind: GcKindName = 'minor'): void {
    this.m.requestGc(kind === 'major' ? L.kGcMajor : L.kGcMinor);
  }

  collect(kind: GcKindName = 'minor'): void {
    this.m.collect(kind === 'major' ? L.kGcMajor : L.kGcMinor);
    this.afterSafe(true);
  }

  /**
   * Back from a call that may have collected: after a collection, every object is checked. A
   * collection shows in the library's count, or in what the call returned (`collected`: a library
   * need not count its collections).
   */
  private afterSafe(collected = false): void {
    const n = this.m.collections();
    if (n !== this.seen || collected) {
      this.seen = n;
      this.checkedEpoch++;
      this.checkAll();
    }
  }

  barrier(): void {
    // Safe while it waits: in native, or, for a library without a native state, polling its safepoint.
    const native = this.caps.nativeState;
    const tok = native ? this.m.enterNative() : 0;
    let collected = false;
    this.m.inside(kBarrier);
    this.run.barrier(this.mutators, native ? 50 : 1, native ? () => undefined : () => {
      collected = this.m.safepoint() || collected;
      this.m.inside(kBarrier);
    });
    this.m.done();
    if (native) collected = this.m.leaveNative(tok);
    this.afterSafe(collected);
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
    const p = this.m.addressOf(hd);
    const id = this.handles.ids[hd];
    const k = this.pins.indexOf(id);
    if ((k >= 0 && p !== this.pins.addrs[k]) || payloadId(this.i32, p) !== id) this.checkObject(hd, false);
  }

  /** One object through one handle, in full, classed as ScenarioContext classes it. Returns false once a forbidden outcome is recorded. */
  private checkObject(hd: Handle, graded: boolean): boolean {
    const i32 = this.i32;
    const p = this.m.addressOf(hd);
    const id = this.handles.ids[hd];
    const k = this.pins.indexOf(id);
    const r = nativeRegion(i32, p, this.slotBytes[hd]);
    if (k >= 0) {
      const pinned = this.pins.addrs[k];
      if (p !== pinned) return this.fail(F.pinnedElsewhere(pinned, p, id, r !== null && checkRegion(i32, r.d, r.n, r.nRefs, id) === null, i32[pinned >> 2]));
      if (!r) return this.fail(F.pinnedLost(p, id, i32[p >> 2] ?? 0, 'content-mismatch'));
    } else if (!r) {
      return this.fail(F.staleRoot(p, id, p < 0 || p >= i32.length * 4 ? 'root-points-outside-the-heap' : 'root-points-at-no-object'));
    }
    const bad = checkRegion(i32, r.d, r.n, r.nRefs, id);
    if (bad) return this.fail(F.contentFinding(p, id, bad, k < 0 && otherObjectIn(i32, r.d, r.n, r.nRefs, bad)));
    this.checkRefs(hd, p, r.nRefs);
    if (graded && k < 0) this.run.grade(this.tid, false);
    return true;
  }

  /** kRefIdentity from the mutator's side: every field of the holder reaches the object stored in it, intact. */
  private checkRefs(holder: Handle, p: number, nRefs: number): void {
    for (let f = 0; f < nRefs; f++) {
      const t = this.fieldTarget(holder, p, f);
      if (t !== NULL_HANDLE) this.m.release(t);
    }
  }

  /**
   * A handle to what field `f` of the holder (payload at `p`) refers to, or NULL_HANDLE, once the
   * field is found to reach the object whose id the holder recorded (or null). Fails the run if not.
   */
  private fieldTarget(holder: Handle, p: number, f: number): Handle {
    const i32 = this.i32;
    const want = regionTarget(i32, (p >> 2) + kShapeWords, f);
    const t = this.m.getRef(holder, f);
    if (t === NULL_HANDLE) return want === 0 ? t : this.fail(F.fieldLost(p, want, 0));
    const v = this.m.addressOf(t);
    if (want === 0) return this.fail(F.fieldNotNull(p, v));
    const r = nativeRegion(i32, v, this.m.payloadBytes(t));
    if (!r) return this.fail(F.fieldLost(p, want, v));
    const bad = checkRegion(i32, r.d, r.n, r.nRefs, want);
    return bad ? this.fail(F.fieldContent(v, bad, bad.word === kIdWord)) : t;
  }

  /** An object held by a pin of this thread, checked through its pinned address; the library must still know it there. */
  private checkPinnedAt(k: number): boolean {
    const i32 = this.i32;
    const addr = this.pins.addrs[k];
    const id = this.pins.ids[k];
    const r = nativeRegion(i32, addr, this.pinBytes[k]);
    const hd = this.m.rootFromPinned(addr);
    if (!r || hd === NULL_HANDLE) return this.fail(F.pinnedLost(addr, id, i32[addr >> 2] ?? 0, 'pinned-object-reclaimed'));
    const bad = checkRegion(i32, r.d, r.n, r.nRefs, id);
    if (bad) return this.fail(F.contentFinding(addr, id, bad, false));
    this.checkRefs(hd, addr, r.nRefs);
    this.m.release(hd);
    this.run.grade(this.tid, this.pins.epochs[k] !== this.checkedEpoch);
    return true;
  }

  /** Native code writes the pinned buffer: new content, next version. */
  private rewritePinned(addr: number): void {
    const k = this.pins.indexOf(this.pins.idAt(addr));
    const r = k >= 0 ? nativeRegion(this.i32, addr, this.pinBytes[k]) : null;
    const v = r ? regionVersion(this.i32, r.d, r.n, r.nRefs) : -1;
    if (r && v >= 0) rewriteRegion(this.i32, r.d, r.n, r.nRefs, v + 2); // not intact: the next check reports it
  }

  forbidden(outcome: ForbiddenOutcome, detail: FailureDetailCode, values: FailureValues = { address: 0, expected: 0, actual: 0 }): never {
    this.fail(F.scenarioFinding(outcome, detail, values));
  }

  /** Record the first forbidden outcome and stop the run (a library has no abort of its own: the harness's stop flag is all). */
  private fail(f: F.Finding): never {
    if (recordForbidden(this.run, this.tid, f.kind, { ...f.values, iteration: this.iteration, detail: f.detail })) this.run.abort();
    throw new AbortedError('a forbidden outcome was recorded');
  }
}
