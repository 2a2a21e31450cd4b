// The collector thread: collects on demand (a mutator's request) and on the forced schedule
// (every T microseconds), until every mutator has exited or the run is aborted.
import { Collector } from '../../runtime/collector.ts';
import { AbortedError } from '../../runtime/errors.ts';
import type { Heap } from '../../runtime/heap.ts';
import * as L from '../../runtime/layout.ts';
import type { GcKind, GcRequest } from '../../runtime/layout.ts';
import { verifyFreedMemory, type VerifyProblem } from '../../runtime/verify.ts';
import { threadDump } from '../diagnose.ts';
import { GcEventLog } from '../gc-events.ts';
import type { CollectorResult, CollectorTask } from '../protocol.ts';
import { toWireError } from '../protocol.ts';
import { abortRun, recordForbidden } from './context.ts';

const kMaxEvents = 100_000;
const kIdleWaitMs = 50;

export function collectorLoop(h: Heap, task: CollectorTask, startMs: number): CollectorResult {
  const i32 = h.i32;
  const c = new Collector(h, { lockerBudgetMs: task.lockerBudgetMs });
  const gc = new GcEventLog(kMaxEvents);
  const everyMs = task.config.schedule.everyUs / 1000;
  let nextForced = everyMs > 0 ? performance.now() + everyMs : Infinity;
  const common = () => ({ role: 'collector' as const, tid: h.collectorId, startMs, endMs: performance.timeOrigin + performance.now(), timeline: null, gc: gc.toRows() });
  const heapInvalid = (after: number, problems: VerifyProblem[]): CollectorResult => {
    const p = problems[0];
    recordForbidden(h, h.collectorId, L.kOutcomeHeapInvalid, {
      iteration: after, address: p.address, expected: 0, actual: problems.length, detail: 'heap-verifier',
    });
    return { ...common(), state: 'heap-invalid', problems: problems.map((x) => ({ invariant: x.invariant, message: x.message })) };
  };
  try {
    for (;;) {
      if (Atomics.load(i32, L.kAbort) !== 0) return { ...common(), state: 'aborted' };
      const bell = Atomics.load(i32, L.kDoorbell);
      const pending = Atomics.load(i32, L.kGcRequested);
      const now = performance.now();
      let req: GcRequest | null = null;
      // A pending request is taken, with its reason, inside collect().
      if (pending !== L.kGcNone) req = { kind: pending as GcKind, reason: L.kGcReasonRequested };
      else if (now >= nextForced) req = { kind: L.kGcMinor, reason: L.kGcReasonForced };
      else if (Atomics.load(i32, L.kExitedMutators) >= h.mutators) break;
      if (req) {
        const r = c.collect(req);
        if (r.state === 'starved') {
          const dump = threadDump(h);
          abortRun(h);
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
    // check what changed plus a rolling window of old space).
    if (h.verifyEvery > 0) {
      const problems = verifyFreedMemory(h);
      if (problems.length > 0) return heapInvalid(gc.length, problems);
    }
    return { ...common(), state: 'done' };
  } catch (e) {
    if (e instanceof AbortedError) return { ...common(), state: 'aborted' };
    // Leave the frames and the lock word as they are: the thread dump reads them.
    abortRun(h);
    return { ...common(), state: 'error', error: toWireError(e) };
  }
}
