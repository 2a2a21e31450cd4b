// The harness's own shared memory for one run, beside the runtime's: what the harness needs
// whatever runtime it drives (the built-in one or a native library): its stop flag, the start
// gate, the scenario barrier, the first forbidden outcome, and per mutator its heartbeat,
// iteration, the runtime call it is inside (native runtimes: the harness's only view of a thread
// stuck in native code) and its graded outcomes. The runtime's buffer holds only the runtime.
// Neutral: the main thread creates it, every worker attaches to it.
import { AbortedError } from '../../runtime/errors.ts';
import { kLineWords, kOutcomeOk, kOutcomePinExercised, OUTCOME_NAMES, WordPlan } from '../../runtime/layout.ts';

const ctl = new WordPlan();
export const kRunAbort = ctl.line(); // non-zero: every harness wait returns and workers wind down
export const kReadyCount = ctl.line(2); // workers count themselves in ...
export const kGo = kReadyCount + 1; // ... then wait until the main thread opens the gate
export const kBarrierCount = ctl.line(2); // scenario set-up barrier: arrivals ...
export const kBarrierGen = kBarrierCount + 1; // ... and generation
// A collection a mutator asked for without waiting, for a native run's driver thread (a library
// has no request of its own, only ps_collect, which waits): 0, or the GcKind asked for.
export const kGcRequest = ctl.line(2);
export const kMutatorsEnded = kGcRequest + 1; // native runs: mutators whose program ended; the driver stops at all
// The first forbidden outcome: claimed by one compareExchange (0 -> 1, then 2 once the details are
// written), by any thread, without a lock.
export const kFailureClaimed = ctl.line(9);
export const kFailureKind = kFailureClaimed + 1; // kOutcome* (runtime/layout.ts)
export const kFailureThread = kFailureClaimed + 2;
export const kFailureIteration = kFailureClaimed + 3;
export const kFailureAddress = kFailureClaimed + 4;
export const kFailureExpected = kFailureClaimed + 5;
export const kFailureActual = kFailureClaimed + 6;
export const kFailureDetail = kFailureClaimed + 7; // index into FAILURE_DETAIL_CODES (failure.ts)
export const kFailureObservedAddress = kFailureClaimed + 8;
const kControlWords = ctl.size;

// Per thread (mutators, then the collector), one line, written by that thread only.
const th = new WordPlan();
export const kHeartbeat = th.word(); // bumped once per iteration (the watchdog's measure)
export const kIteration = th.word();
export const kCall = th.word(); // what a native run's thread is inside that may block (NATIVE_CALLS in native-addon.ts), 0 when none
export const kCallSinceMs = th.word(); // when it began, ms since the run's start (whole)
export const kProgramEnded = th.word(); // 1 once the scenario's program returned by itself ...
export const kPinsHeldAtEnd = th.word(); // ... holding this many pins (kPinsBalanceAtExit)
const kThreadWords = th.size;

// Per thread, one line of f64: the graded outcomes, in OUTCOME_NAMES order.
const kOutcomeStride = Math.ceil(OUTCOME_NAMES.length / (kLineWords / 2)) * (kLineWords / 2);

export class RunMemory {
  readonly sab: SharedArrayBuffer;
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  readonly threads: number;
  private readonly outcomesAt: number; // f64 index of thread 0's outcome row

  static create(threads: number): RunMemory {
    const bytes = (kControlWords + threads * kThreadWords) * 4;
    return new RunMemory(new SharedArrayBuffer(Math.ceil(bytes / 64) * 64 + threads * kOutcomeStride * 8), threads);
  }

  constructor(sab: SharedArrayBuffer, threads: number) {
    this.sab = sab;
    this.i32 = new Int32Array(sab);
    this.f64 = new Float64Array(sab);
    this.threads = threads;
    this.outcomesAt = Math.ceil(((kControlWords + threads * kThreadWords) * 4) / 64) * 8;
  }

  /** i32 index of a thread's field. */
  th(tid: number, field: number): number {
    return kControlWords + tid * kThreadWords + field;
  }

  /** f64 index of a thread's count of outcome kind k (kOutcome*). */
  outcome(tid: number, kind: number): number {
    return this.outcomesAt + tid * kOutcomeStride + kind;
  }

  /** A mutator's progress: iteration i done (the watchdog's measure); every 64 it looks whether the run was stopped. `base` is th(tid, 0). */
  beat(base: number, i: number): void {
    const w = this.i32;
    w[base + kIteration] = i;
    w[base + kHeartbeat]++;
    if ((i & 63) === 0 && this.aborted()) throw new AbortedError('running the mutator program');
  }

  aborted(): boolean {
    return Atomics.load(this.i32, kRunAbort) !== 0;
  }

  /** The harness's stop: set the flag and wake every harness wait. The runtime's own are its business. */
  abort(): void {
    Atomics.store(this.i32, kRunAbort, 1);
    for (const w of [kRunAbort, kGo, kBarrierGen, kReadyCount]) Atomics.notify(this.i32, w);
  }

  /** A mutator's program returned by itself, still holding `pins` pins (their depths summed). */
  endProgram(tid: number, pins: number): void {
    this.i32[this.th(tid, kPinsHeldAtEnd)] = pins;
    Atomics.store(this.i32, this.th(tid, kProgramEnded), 1);
  }

  /** The pins every mutator's program held when it returned, summed; null if one did not return by itself. */
  pinsHeldAtEnd(mutators: number): number | null {
    let sum = 0;
    for (let t = 0; t < mutators; t++) {
      if (Atomics.load(this.i32, this.th(t, kProgramEnded)) !== 1) return null;
      sum += this.i32[this.th(t, kPinsHeldAtEnd)];
    }
    return sum;
  }

  /** Count one object found intact after a collection: pinExercised if it was pinned through one, else ok. */
  grade(tid: number, exercised: boolean): void {
    this.f64[this.outcome(tid, exercised ? kOutcomePinExercised : kOutcomeOk)]++;
  }

  /**
   * The scenario barrier: arrive, and unless last, wait until every one of `parties` has.
   * `waiting` runs before each wait of up to `waitMs` (a thread that must stay safe or keep
   * polling a safepoint meanwhile does it there). An abort ends the wait.
   */
  barrier(parties: number, waitMs: number, waiting: () => void): void {
    const i32 = this.i32;
    const gen = Atomics.load(i32, kBarrierGen);
    if (Atomics.add(i32, kBarrierCount, 1) + 1 === parties) {
      Atomics.store(i32, kBarrierCount, 0);
      Atomics.add(i32, kBarrierGen, 1);
      Atomics.notify(i32, kBarrierGen);
      return;
    }
    while (Atomics.load(i32, kBarrierGen) === gen) {
      if (this.aborted()) throw new AbortedError('waiting at a scenario barrier');
      waiting();
      Atomics.wait(i32, kBarrierGen, gen, waitMs);
    }
  }

  /** Outcome counts of every thread, summed, by name. */
  outcomes(): Record<(typeof OUTCOME_NAMES)[number], number> {
    const out = {} as Record<(typeof OUTCOME_NAMES)[number], number>;
    OUTCOME_NAMES.forEach((name, k) => {
      let n = 0;
      for (let t = 0; t < this.threads; t++) n += this.f64[this.outcome(t, k)];
      out[name] = n;
    });
    return out;
  }
}
