// What the main thread reads of a run to judge it: the inspection side of the runtime contract
// (runtime/contract.ts InspectionSide) with the harness's own run memory. Diagnoses and
// verdicts read a run only through a RunInspector, so the same wait-for graphs, thread dumps and
// statistics serve the built-in runtime (BuiltinInspector, from its shared memory) and a native
// one (native/inspector.ts NativeInspector, from its library's inspection functions). Reads only:
// it never takes a lock or waits, so it works on a runtime that is deadlocked.
import type { Heap } from '../runtime/heap.ts';
import { FAULT_NAMES } from '../runtime/faults.ts';
import { kThState, kThWaitArg, kThWaitingOn, OPS, kThLastOp, STATE_NAMES, WAIT_NAMES, type StateName } from '../runtime/layout.ts';
import { mutexSnapshot } from '../runtime/mutex.ts';
import { snapshotStats } from '../runtime/stats.ts';
import { GLOBAL_STATS, THREAD_STATS } from '../runtime/stats-table.ts';
import { threadName } from '../runtime/trail.ts';
import { threadDump } from './common/thread-dump.ts';
import type { RunMemory } from './common/run-memory.ts';
import type { InspectionSide, ThreadStatus } from '../runtime/contract.ts';
import { BUILTIN_CAPABILITIES } from './requirements.ts';
import type { ThreadDumpEntry } from './result.ts';

export interface LockView {
  name: string;
  word: number;
  owner: number; // thread id, or -1 when free
  waiters: number;
}

export interface RunInspector extends InspectionSide {
  readonly mutators: number;
  /** The thread that drives collections (the built-in collector, a native run's driver). */
  readonly collectorId: number;
  /** The harness's own run memory (failure slots, heartbeats, outcomes). */
  readonly run: RunMemory;
  threadName(tid: number): string;
  threadDump(): ThreadDumpEntry[];
  /** Each mutator's state now (cheap: the watchdog reads it every tick). */
  threadStates(): readonly StateName[];
  lock(): LockView;
  /**
   * The thread a thread parked at a safepoint waits for: the one running the collection (the
   * built-in collector; in a library, whichever thread holds the collection lock).
   */
  runningCollection(): number;
}

export class BuiltinInspector implements RunInspector {
  readonly h: Heap;
  readonly run: RunMemory;
  readonly capabilities = BUILTIN_CAPABILITIES;
  readonly faults = FAULT_NAMES;
  constructor(h: Heap, run: RunMemory) {
    this.h = h;
    this.run = run;
  }
  get mutators(): number {
    return this.h.mutators;
  }
  get collectorId(): number {
    return this.h.collectorId;
  }
  threadName(tid: number): string {
    return threadName(this.h, tid);
  }
  threadDump(): ThreadDumpEntry[] {
    return threadDump(this.h, this.run);
  }
  threadStates(): readonly StateName[] {
    const out: StateName[] = [];
    for (let t = 0; t < this.h.mutators; t++) out.push(STATE_NAMES[Atomics.load(this.h.i32, this.h.th(t, kThState))] ?? 'unregistered');
    return out;
  }
  lock(): LockView {
    return { name: 'gc_mutex', ...mutexSnapshot(this.h) };
  }
  runningCollection(): number {
    return this.h.collectorId;
  }
  threadStatus(tid: number): ThreadStatus | undefined {
    if (tid < 0 || tid >= this.h.threads) return undefined;
    const w = (f: number): number => Atomics.load(this.h.i32, this.h.th(tid, f));
    return {
      state: STATE_NAMES[w(kThState)] ?? 'unregistered', waitingOn: WAIT_NAMES[w(kThWaitingOn)] ?? '?', waitArg: w(kThWaitArg),
      gcMutexOwner: mutexSnapshot(this.h).owner, activity: OPS[w(kThLastOp)] ?? null,
    };
  }
  stats(): Record<string, number> {
    const s = snapshotStats(this.h);
    return Object.fromEntries([...GLOBAL_STATS, ...THREAD_STATS].map((r) => [r.name, s[r.name]]));
  }
}
