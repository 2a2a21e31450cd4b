// The driver thread of a native run: the collector side of the runtime contract over a library
// (NativeCollector) and its loop. A library collects by itself (an allocation that finds the
// nursery full); the driver adds what the harness schedules: the collections mutators ask for
// without waiting (requestGc), forced ones every T microseconds, and the library's own heap
// verifier after every `verifyEvery` collections, whoever ran them. It times its collections
// from outside into the GC event rows. Worker side.
import { AbortedError } from '../../runtime/errors.ts';
import type { GcEvent } from '../../runtime/collector.ts';
import { kGcMinor, kGcReasonForced, kGcReasonRequested, type GcKind } from '../../runtime/layout.ts';
import { recordForbidden, verifierOutcome } from '../common/failure.ts';
import { GcEventLog } from '../common/gc-rows.ts';
import { nativeCall } from '../common/native-addon.ts';
import { type CollectorResult, type NativeTask, toWireError } from '../common/protocol.ts';
import * as R from '../common/run-memory.ts';
import type { RunMemory } from '../common/run-memory.ts';
import type { CollectorSide } from '../../runtime/contract.ts';
import { NativeThread } from './native-thread.ts';

const kIdleWaitMs = 5;
/** The invariant a library's verifier message is graded under (the verifier names no invariant of ours). */
const kLibraryVerifier = 'ps_verify_heap';

const kVerifyHeap = nativeCall('ps_verify_heap');

export class NativeCollector extends NativeThread implements CollectorSide {
  verifyHeap(): string | null {
    this.inside(kVerifyHeap);
    const r = this.ps.verifyHeap();
    this.done();
    return r;
  }
}

/** A collection the driver ran, timed from outside: the whole call is its pause. */
function timedEvent(id: number, kind: GcKind, reason: number, startMs: number, us: number): GcEvent {
  return {
    id, kind, reason, startMs, ttspUs: 0, pauseUs: us, workUs: us, lockerWaitUs: 0, nurseryBefore: 0, nurseryAfter: 0, oldBefore: 0,
    oldAfter: 0, bytesCopied: 0, objectsCopied: 0, pinnedSeen: 0, retainedBlocks: 0, threadsInNative: false,
  };
}

export function driverLoop(c: NativeCollector, run: RunMemory, task: NativeTask, startMs: number): CollectorResult {
  const i32 = run.i32;
  const gc = new GcEventLog(task.gcEvents);
  const everyMs = task.config.schedule.everyUs / 1000;
  const verifyEvery = c.ps.library.capabilities.verifyHeap ? task.config.verifyEvery : 0;
  let nextForced = everyMs > 0 ? performance.now() + everyMs : Infinity;
  let verifiedAt = 0;
  const common = () => ({ role: 'collector' as const, tid: c.tid, startMs, endMs: performance.timeOrigin + performance.now(), timeline: null });
  const collect = (kind: GcKind, reason: number): void => {
    gc.begin(kind, reason);
    const t0 = performance.now();
    c.collect(kind);
    gc.push(timedEvent(gc.length + 1, kind, reason, performance.timeOrigin + t0, Math.round((performance.now() - t0) * 1000)));
  };
  /** The library's verifier; a problem is graded as the built-in verifier's would be, and ends the run. */
  const verify = (): CollectorResult | null => {
    const collections = c.ps.collections();
    verifiedAt = collections;
    const message = c.verifyHeap();
    if (message === null) return null;
    if (recordForbidden(run, c.tid, verifierOutcome(kLibraryVerifier), { iteration: collections, address: 0, expected: 0, actual: 0, detail: 'heap-verifier' })) run.abort();
    return { ...common(), state: 'heap-invalid', problems: [{ invariant: kLibraryVerifier, message }] };
  };
  try {
    for (;;) {
      if (run.aborted()) return { ...common(), state: 'aborted' };
      const asked = Atomics.exchange(i32, R.kGcRequest, 0);
      if (asked !== 0) collect(asked as GcKind, kGcReasonRequested);
      else if (performance.now() >= nextForced) {
        collect(kGcMinor, kGcReasonForced);
        nextForced = performance.now() + everyMs;
      } else if (Atomics.load(i32, R.kMutatorsEnded) >= task.config.mutators) break;
      else Atomics.wait(i32, R.kGcRequest, 0, Math.min(kIdleWaitMs, Math.max(0, nextForced - performance.now())));
      if (verifyEvery > 0 && c.ps.collections() - verifiedAt >= verifyEvery) {
        const bad = verify();
        if (bad) return bad;
      }
    }
    // Every mutator has ended: one last look at the heap they left.
    if (verifyEvery > 0) {
      const bad = verify();
      if (bad) return bad;
    }
    return { ...common(), state: 'done' };
  } catch (e) {
    if (e instanceof AbortedError) return { ...common(), state: 'aborted' };
    run.abort();
    return { ...common(), state: 'error', error: toWireError(e) };
  }
}
