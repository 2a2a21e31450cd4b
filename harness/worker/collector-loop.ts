// The collector thread: collects on demand (a mutator's request) and on the forced schedule
// (every T microseconds), until every mutator has exited or the run is aborted. Its verifications
// carry the harness's content oracle (common/verify-content.ts) and check every global root
// against the identity the harness recorded for it (common/global-shadow.ts).
import { Collector } from '../../runtime/collector.ts';
import { AbortedError, HeapCorruptError } from '../../runtime/errors.ts';
import type { Heap } from '../../runtime/heap.ts';
import * as L from '../../runtime/layout.ts';
import { abortRun } from '../../runtime/safepoint.ts';
import { verifyFreedMemory, type VerifyProblem } from '../../runtime/verify.ts';
import { recordForbidden, verifierOutcome, type FailureDetailCode } from '../common/failure.ts';
import { GcEventLog } from '../common/gc-rows.ts';
import { GlobalShadow } from '../common/global-shadow.ts';
import { type CollectorResult, type CollectorTask, toWireError } from '../common/protocol.ts';
import { threadDump } from '../common/thread-dump.ts';
import type { RunMemory } from '../common/run-memory.ts';
import { checkGlobals, checkPinBalance, checkSealedObject } from '../common/verify-content.ts';

const kIdleWaitMs = 50;

export function collectorLoop(h: Heap, run: RunMemory, task: CollectorTask, startMs: number): CollectorResult {
  const stopAll = (): void => { run.abort(); abortRun(h); };
  const i32 = h.i32;
  const shadow = new GlobalShadow(task.globals);
  // World stopped during a verification: no global is half published (a publish has no safepoint).
  const c = new Collector(h, { lockerBudgetMs: task.lockerBudgetMs, verifierExtension: { object: checkSealedObject, heap: (x) => checkGlobals(x, shadow) } });
  const gc = new GcEventLog(task.gcEvents);
  const everyMs = task.config.schedule.everyUs / 1000;
  let nextForced = everyMs > 0 ? performance.now() + everyMs : Infinity;
  const common = () => ({ role: 'collector' as const, tid: h.collectorId, startMs, endMs: performance.timeOrigin + performance.now(), timeline: null });
  const heapInvalid = (after: number, problems: VerifyProblem[], detail: FailureDetailCode = 'heap-verifier'): CollectorResult => {
    const p = problems[0];
    if (recordForbidden(run, h.collectorId, verifierOutcome(p.invariant), { iteration: after, address: p.address, expected: 0, actual: problems.length, detail })) stopAll();
    return { ...common(), state: 'heap-invalid', problems: problems.map((x) => ({ invariant: x.invariant, message: x.message })) };
  };
  try {
    for (;;) {
      if (run.aborted()) return { ...common(), state: 'aborted' };
      const bell = Atomics.load(i32, L.kDoorbell);
      const pending = Atomics.load(i32, L.kGcRequested);
      const now = performance.now();
      let req: L.GcRequest | null = null;
      // A pending request is taken, with its reason, inside collect().
      if (pending !== L.kGcNone) req = { kind: pending as L.GcKind, reason: Atomics.load(i32, L.kGcReason) || L.kGcReasonRequested };
      else if (now >= nextForced) req = { kind: L.kGcMinor, reason: L.kGcReasonForced };
      else if (Atomics.load(i32, L.kExitedMutators) >= h.mutators) break;
      if (req) {
        let r;
        gc.begin(req.kind, req.reason);
        try {
          r = c.collect(req);
        } catch (e) {
          if (!(e instanceof HeapCorruptError)) throw e;
          return heapInvalid(gc.length + 1, [{ invariant: e.invariant, address: e.details.address as number, message: e.message }], 'heap-unparseable');
        }
        if (r.state === 'starved') {
          gc.cancel();
          const dump = threadDump(h, run);
          stopAll();
          return { ...common(), state: 'starved', waitedMs: r.waitedMs, activePins: r.activePins, dump };
        }
        gc.push(r.event);
        if (r.problems.length > 0) return heapInvalid(r.event.id, r.problems);
        if (everyMs > 0) nextForced = performance.now() + everyMs;
        continue;
      }
      const wait = Math.min(kIdleWaitMs, Math.max(0, nextForced - now));
      // Published each time: a collection leaves it at none, and a dump of an idle collector
      // should say what it waits for.
      i32[h.th(h.collectorId, L.kThWaitingOn)] = L.kWaitDoorbell;
      Atomics.wait(i32, L.kDoorbell, bell, wait);
    }
    // Every mutator has exited: check all free memory for poison once (the periodic verifications
    // check what changed plus a rolling window of old space), and that every pin was undone.
    const held = run.pinsHeldAtEnd(h.mutators);
    let problems: VerifyProblem[];
    try {
      problems = [...(h.verifyEvery > 0 ? verifyFreedMemory(h) : []), ...(held !== null ? checkPinBalance(h, held) : [])];
    } catch (e) {
      if (!(e instanceof HeapCorruptError)) throw e;
      return heapInvalid(gc.length, [{ invariant: e.invariant, address: e.details.address as number, message: e.message }], 'heap-unparseable');
    }
    if (problems.length > 0) return heapInvalid(gc.length, problems, problems[0].invariant === 'kPinsBalanceAtExit' ? 'pin-count-unbalanced' : 'heap-verifier');
    return { ...common(), state: 'done' };
  } catch (e) {
    if (e instanceof AbortedError) return { ...common(), state: 'aborted' };
    // Leave the frames and the lock word as they are: the thread dump reads them.
    stopAll();
    return { ...common(), state: 'error', error: toWireError(e) };
  }
}
