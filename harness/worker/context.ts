// What a scenario's mutator program gets: the runtime's Mutator plus the harness services around
// it (forced schedules, perturbation, heartbeat, outcome grading). Runs on mutator threads.
import { AbortedError } from '../../runtime/errors.ts';
import type { Heap } from '../../runtime/heap.ts';
import * as L from '../../runtime/layout.ts';
import type { Handle, Mutator } from '../../runtime/mutator.ts';
import type { RunConfig } from '../result.ts';
import type { Rng } from '../seed.ts';
import { blockingCall, makePerturber, type PerturbPoint } from './perturb.ts';

export type ForbiddenKind = typeof L.kOutcomeMovedWhilePinned | typeof L.kOutcomeMagicCorrupted | typeof L.kOutcomeStaleRoot | typeof L.kOutcomeHeapInvalid;

export interface FailureDetail {
  iteration: number;
  address: number;
  expected: number;
  actual: number;
  observedAddress?: number;
  detail: FailureDetailCode;
}

/** Why a forbidden outcome was graded as it was (kFailureDetail). */
export const FAILURE_DETAILS = [
  'none', 'root-no-longer-at-pinned-address', 'magic-overwritten', 'root-points-at-freed-memory',
  'root-points-at-forwarded-object', 'root-points-outside-the-heap', 'managed-code-ran-during-collection', 'reference-lost',
  'checksum-mismatch', 'unpin-below-zero-accepted', 'large-object-moved', 'allocation-over-pinned-object',
  'pinned-object-reclaimed', 'heap-verifier',
] as const;
export type FailureDetailCode = (typeof FAILURE_DETAILS)[number];

export class MutatorContext {
  readonly m: Mutator;
  readonly h: Heap;
  readonly tid: number;
  readonly config: RunConfig;
  readonly rng: Rng;
  readonly iterations: number;
  private readonly perturber: ((p: PerturbPoint) => void) | null;
  private forcedDue = false;
  private readonly allocPeriod: number;
  private allocCountdown: number;
  private readonly everySafepoint: boolean;
  private readonly statBase: number;

  constructor(m: Mutator, config: RunConfig, rng: Rng) {
    this.m = m;
    this.h = m.h;
    this.tid = m.tid;
    this.config = config;
    this.rng = rng;
    this.iterations = config.iterations;
    this.perturber = makePerturber(config.perturb, rng);
    // everyAllocs is a run-wide rate: each thread forces a collection every K of its own
    // allocations, N threads together every K/N (no counter shared between threads). Each starts
    // at a seeded offset so the threads' forced collections spread out rather than coincide.
    this.allocPeriod = config.schedule.everyAllocs;
    this.allocCountdown = this.allocPeriod > 0 ? rng.int(1, this.allocPeriod) : 0;
    this.everySafepoint = config.schedule.everySafepoint;
    this.statBase = this.h.threadStat(this.tid, 0);
  }

  /**
   * A safepoint, honouring the forced schedules: at every safepoint (the stress setting), or at
   * the first safepoint after this thread made the run's allocation count a multiple of K. A forced
   * collection runs while this thread waits at the safepoint, so whatever it has pinned is really
   * exercised.
   */
  safepoint(): boolean {
    if (this.perturber) this.perturber('safepoint');
    if (this.everySafepoint || this.forcedDue) {
      this.forcedDue = false;
      this.m.collect(L.kGcMinor, L.kGcReasonForced);
      return true;
    }
    return this.m.safepoint();
  }

  /** Call after each allocation: counts toward the every-K-allocations schedule. */
  afterAlloc(): void {
    if (this.perturber) this.perturber('alloc');
    if (this.allocPeriod > 0 && --this.allocCountdown === 0) {
      this.allocCountdown = this.allocPeriod;
      this.forcedDue = true;
    }
  }

  perturb(p: PerturbPoint): void {
    if (this.perturber) this.perturber(p);
  }

  /** Heartbeat for the watchdog; also where a thread notices the run was aborted. */
  progress(i: number): void {
    this.m.progress(i);
    if ((i & 63) === 0 && Atomics.load(this.h.i32, L.kAbort) !== 0) throw new AbortedError('running the mutator program');
  }

  /**
   * Back from native. Besides the runtime's own re-check, grades kWorldStoppedDuringCollection:
   * a thread that resumed managed code while a collection was under way is a forbidden outcome.
   */
  leaveNative(token: number, iteration: number): boolean {
    const before = this.m.worldStoppedViolations;
    const collected = this.m.leaveNative(token);
    if (this.m.worldStoppedViolations !== before) {
      this.forbidden(L.kOutcomeHeapInvalid, { iteration, address: 0, expected: 0, actual: 1, detail: 'managed-code-ran-during-collection' });
    }
    return collected;
  }

  /** The collector's epoch: it moves once per completed collection. */
  epoch(): number {
    return Atomics.load(this.h.i32, L.kEpoch);
  }

  /** A simulated blocking foreign call (the thread must be in native). */
  blockingCall(us: number): void {
    blockingCall(us);
  }

  /**
   * Grade one pinned iteration: the root must still point at the pinned address, the header must be
   * a live object, and the payload must hold `magic` in word 0. Returns false on a forbidden outcome.
   */
  checkPinned(hd: Handle, pinnedAddr: number, magic: number, collected: boolean, iteration: number): boolean {
    this.i32Op(L.kOpVerify);
    const a = this.m.addressOf(hd);
    if (!this.liveHeader(a)) {
      this.forbidden(L.kOutcomeStaleRoot, {
        iteration, address: pinnedAddr, expected: pinnedAddr, actual: a, observedAddress: a,
        detail: this.staleRootDetail(a),
      });
      return false;
    }
    if (a !== pinnedAddr) {
      this.forbidden(L.kOutcomeMovedWhilePinned, { iteration, address: pinnedAddr, expected: pinnedAddr, actual: a, observedAddress: a, detail: 'root-no-longer-at-pinned-address' });
      return false;
    }
    const got = this.m.readRaw(pinnedAddr, 0);
    if (got !== magic) {
      this.forbidden(L.kOutcomeMagicCorrupted, { iteration, address: pinnedAddr, expected: magic, actual: got, detail: 'magic-overwritten' });
      return false;
    }
    this.ok(collected);
    return true;
  }

  /** True when `a` holds a well-formed, unforwarded object header. */
  /** Why a root fails liveHeader(): what it points at. */
  staleRootDetail(a: number): FailureDetailCode {
    if (a === 0 || !this.h.inHeap(a) || (a & 7) !== 0) return 'root-points-outside-the-heap';
    return this.h.i32[(a >> 2) + L.kObjSize] === L.kPoison ? 'root-points-at-freed-memory' : 'root-points-at-forwarded-object';
  }

  liveHeader(a: number): boolean {
    const h = this.h;
    if (a === 0 || !h.inHeap(a) || (a & 7) !== 0) return false;
    const size = h.i32[(a >> 2) + L.kObjSize];
    const info = h.i32[(a >> 2) + L.kObjInfo];
    if (size === L.kPoison || info === L.kPoison || size < 16) return false;
    const kind = info & L.kKindMask;
    // copy-on-pin forwards outside collections (as the verifier allows): another thread may have
    // just copied this object into the pin space, and the read barrier (resolve) follows it.
    const forwardedOk = h.strategy === L.kStrategyCopyOnPin;
    return (kind === L.kKindBytes || kind === L.kKindRefs) && (forwardedOk || (info & L.kFlagForwarded) === 0);
  }

  ok(exercised: boolean): void {
    this.h.f64[this.statBase + L.outcomeSlot(exercised ? L.kOutcomePinExercised : L.kOutcomeOk)]++;
  }

  /** Record a forbidden outcome; the first one in the run claims the failure slot and stops the run. */
  forbidden(kind: ForbiddenKind, d: FailureDetail): void {
    recordForbidden(this.h, this.tid, kind, d);
  }

  private i32Op(op: number): void {
    this.h.i32[this.h.th(this.tid, L.kThLastOp)] = op;
  }

  /** Wait until every mutator reaches this point (safe meanwhile: in native). */
  barrier(): void {
    const i32 = this.h.i32;
    const gen = Atomics.load(i32, L.kBarrierGen);
    const tok = this.m.enterNative();
    if (Atomics.add(i32, L.kBarrierCount, 1) + 1 === this.h.mutators) {
      Atomics.store(i32, L.kBarrierCount, 0);
      Atomics.add(i32, L.kBarrierGen, 1);
      Atomics.notify(i32, L.kBarrierGen);
    } else {
      while (Atomics.load(i32, L.kBarrierGen) === gen) {
        if (Atomics.load(i32, L.kAbort) !== 0) throw new AbortedError('waiting at a scenario barrier');
        Atomics.wait(i32, L.kBarrierGen, gen, 50);
      }
    }
    this.m.leaveNative(tok);
  }
}

/** Shared by mutators and the collector: count, claim the failure slot, abort the run. */
export function recordForbidden(h: Heap, tid: number, kind: ForbiddenKind, d: FailureDetail): void {
  const i32 = h.i32;
  // The collector counts too (its heap verifier finds heapInvalid): every thread has a stats row.
  if (tid >= 0 && tid < h.threads) h.f64[h.threadStat(tid, L.outcomeSlot(kind))]++;
  if (Atomics.compareExchange(i32, L.kFailureClaimed, 0, 1) === 0) {
    i32[L.kFailureKind] = kind;
    i32[L.kFailureThread] = tid;
    i32[L.kFailureIteration] = d.iteration;
    i32[L.kFailureAddress] = d.address;
    i32[L.kFailureExpected] = d.expected;
    i32[L.kFailureActual] = d.actual;
    i32[L.kFailureObservedAddress] = d.observedAddress ?? 0;
    i32[L.kFailureDetail] = FAILURE_DETAILS.indexOf(d.detail);
    Atomics.store(i32, L.kFailureClaimed, 2); // details complete
    abortRun(h);
  }
}

/** Stop every thread: set the flag, then wake every word anyone may be waiting on. */
export function abortRun(h: Heap): void {
  const i32 = h.i32;
  Atomics.store(i32, L.kAbort, 1);
  for (const w of [L.kGcMutex, L.kEpoch, L.kSafeSeq, L.kDoorbell, L.kActivePins, L.kGo, L.kBarrierGen]) Atomics.notify(i32, w);
}

