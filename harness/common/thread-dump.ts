// A thread dump built from shared memory: reads only, never takes a lock or waits, so it works on
// a runtime that is deadlocked. Neutral: the watchdog (main thread) and the collector (worker, when
// a GC-locker collection gives up) both take one.
import type { Heap } from '../../runtime/heap.ts';
import * as L from '../../runtime/layout.ts';
import { frames, threadName, trail } from '../../runtime/trail.ts';
import type { ThreadDumpEntry } from '../result.ts';
import * as R from './run-memory.ts';
import type { RunMemory } from './run-memory.ts';

/** Every thread's record: the runtime's (state, waits, operations) and the harness's (progress). */
export function threadDump(h: Heap, run: RunMemory): ThreadDumpEntry[] {
  const out: ThreadDumpEntry[] = [];
  const i32 = h.i32;
  for (let t = 0; t < h.threads; t++) {
    const w = (f: number): number => Atomics.load(i32, h.th(t, f));
    out.push({
      id: t,
      name: threadName(h, t),
      state: L.STATE_NAMES[w(L.kThState)] ?? '?',
      waitingOn: L.WAIT_NAMES[w(L.kThWaitingOn)] ?? '?',
      waitArg: w(L.kThWaitArg),
      lastOp: L.OPS[w(L.kThLastOp)] ?? '?',
      iteration: Atomics.load(run.i32, run.th(t, R.kIteration)),
      heartbeat: Atomics.load(run.i32, run.th(t, R.kHeartbeat)),
      pinsHeld: w(L.kThPinsHeld),
      frames: frames(h, t),
      trail: trail(h, t),
    });
  }
  return out;
}
