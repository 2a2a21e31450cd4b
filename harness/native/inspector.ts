// The inspection side of a native run, read by its child process's main thread: the library's
// statistics and thread state (the addon's stats and threadInfo, which never lock or wait) joined
// with the harness's own per-thread records in the run memory (heartbeat, iteration, and the call
// each thread is inside and since when). A thread stuck in native code keeps its call record, so a
// dump names the call even for a library without ps_thread_info. Main side.
import { NATIVE_CALLS, type NativeAddon } from '../common/native-addon.ts';
import * as R from '../common/run-memory.ts';
import type { RunMemory } from '../common/run-memory.ts';
import type { RuntimeCapabilities, ThreadStatus } from '../../runtime/contract.ts';
import type { LockView, RunInspector } from '../inspect.ts';
import type { ThreadDumpEntry } from '../result.ts';
import type { StateName } from '../../runtime/layout.ts';

/** The addon's state names, by the built-in runtime's where they differ. */
const STATE_OF: Record<string, StateName> = { unattached: 'unregistered' };

/** A native run's threads: mutator-0 .. mutator-(N-1), and the driver (tid N). */
export function nativeThreadName(tid: number, mutators: number): string {
  if (tid < 0) return 'nobody';
  return tid === mutators ? 'driver' : `mutator-${tid}`;
}

export class NativeInspector implements RunInspector {
  readonly run: RunMemory;
  readonly mutators: number;
  readonly collectorId: number;
  readonly capabilities: RuntimeCapabilities;
  readonly faults: readonly string[];
  private readonly ps: NativeAddon;
  private readonly ended: Uint8Array;
  /** Wall clock of the run's start (kCallSinceMs counts from it). */
  private readonly runStartMs: number;
  /** The most bytes pins retained that any reading of the statistics saw (the library reports the last collection's only). */
  private maxRetainedBytes = 0;

  constructor(ps: NativeAddon, run: RunMemory, mutators: number, capabilities: RuntimeCapabilities, runStartMs: number) {
    this.ps = ps;
    this.runStartMs = runStartMs;
    this.run = run;
    this.mutators = mutators;
    this.collectorId = mutators; // the driver
    this.capabilities = capabilities;
    this.faults = ps.library.faults;
    this.ended = new Uint8Array(mutators + 1);
  }

  /** A worker thread has ended (its result arrived): exited, whatever the library says. */
  markEnded(tid: number): void {
    this.ended[tid] = 1;
  }

  threadName(tid: number): string {
    return nativeThreadName(tid, this.mutators);
  }

  threadStatus(tid: number): ThreadStatus | undefined {
    const t = this.ps.threadInfo(tid);
    if (!t) return undefined;
    return { state: STATE_OF[t.state] ?? (t.state as StateName), waitingOn: t.waitingOn, waitArg: t.waitArg, gcMutexOwner: t.gcMutexOwner, activity: t.activity };
  }

  private stateOf(tid: number, st: ThreadStatus | undefined): string {
    return this.ended[tid] ? 'exited' : (st?.state ?? 'unknown');
  }

  threadStates(): readonly StateName[] {
    const out: StateName[] = [];
    for (let t = 0; t < this.mutators; t++) out.push(this.stateOf(t, this.threadStatus(t)) as StateName);
    return out;
  }

  lock(): LockView {
    let owner = -1;
    let waiters = 0;
    for (let t = 0; t <= this.mutators; t++) {
      const st = this.threadStatus(t);
      if (!st) break;
      owner = st.gcMutexOwner;
      if (st.state === 'blocked' && st.waitingOn === 'gc_mutex') waiters++;
    }
    return { name: 'gc_mutex', word: owner >= 0 ? 1 : 0, owner, waiters };
  }

  runningCollection(): number {
    const owner = this.lock().owner;
    return owner >= 0 ? owner : this.collectorId;
  }

  stats(): Record<string, number> {
    const s = this.ps.stats();
    this.maxRetainedBytes = Math.max(this.maxRetainedBytes, s.retainedBytes ?? 0);
    return { ...s, maxRetainedBytes: this.maxRetainedBytes };
  }

  /** Every thread: the library's view (state, wait, activity) and the harness's (its call, progress). */
  threadDump(): ThreadDumpEntry[] {
    const out: ThreadDumpEntry[] = [];
    const i32 = this.run.i32;
    const nowMs = performance.timeOrigin + performance.now();
    for (let t = 0; t <= this.mutators; t++) {
      const st = this.threadStatus(t);
      const call = Atomics.load(i32, this.run.th(t, R.kCall));
      const name = NATIVE_CALLS[call] ?? '?';
      const frames: string[] = [];
      if (call !== 0) frames.push(`${name} for ${((nowMs - this.runStartMs - i32[this.run.th(t, R.kCallSinceMs)]) / 1000).toFixed(1)} s`);
      if (st?.activity) frames.push(st.activity);
      out.push({
        id: t,
        name: this.threadName(t),
        state: this.stateOf(t, st),
        waitingOn: st?.waitingOn ?? 'none',
        waitArg: st?.waitArg ?? -1,
        lastOp: call !== 0 ? name : 'none',
        iteration: Atomics.load(i32, this.run.th(t, R.kIteration)),
        heartbeat: Atomics.load(i32, this.run.th(t, R.kHeartbeat)),
        pinsHeld: 0, // the library does not say; the harness's own pins are its threads'
        frames,
        trail: call !== 0 ? [{ op: name, arg: i32[this.run.th(t, R.kCallSinceMs)] }] : [],
      });
    }
    return out;
  }
}
