// One worker thread of a native run, attached to the library: what its mutator and its driver
// share. Before every call that may block it records the call and when it began in its line of the
// run memory (kCall, kCallSinceMs) and clears it after, so a thread stuck in native code, which
// nothing can interrupt, is still seen from outside: by the watchdog, in the thread dump and in
// the hang diagnosis. Worker side.
import { kGcMajor, kGcMinor, type GcKind } from '../../runtime/layout.ts';
import { nativeCall, type NativeAddon } from '../common/native-addon.ts';
import * as R from '../common/run-memory.ts';
import type { RunMemory } from '../common/run-memory.ts';

const kAttach = nativeCall('ps_thread_attach');
const kDetach = nativeCall('ps_thread_detach');
const kCollect = nativeCall('ps_collect');

/** pinstress.h's collection kind for the runtime's. */
const psKind = (kind: GcKind): number => (kind === kGcMajor ? 1 : 0);

export class NativeThread {
  readonly tid: number;
  readonly ps: NativeAddon;
  private readonly run: Int32Array;
  private readonly callAt: number;
  /** performance.now() + this = ms since the run's start. */
  private readonly sinceRunStart: number;

  /** Attach the calling thread to the library as `tid` (a mutator may wait for a collection under way). */
  constructor(ps: NativeAddon, tid: number, run: RunMemory, runStartMs: number) {
    this.ps = ps;
    this.tid = tid;
    this.run = run.i32;
    this.callAt = run.th(tid, R.kCall);
    this.sinceRunStart = performance.timeOrigin - runStartMs;
    this.inside(kAttach);
    ps.attach(tid);
    this.done();
  }

  /** The thread enters `call` (a nativeCall code), which may block. */
  inside(call: number): void {
    this.run[this.callAt + (R.kCallSinceMs - R.kCall)] = (this.sinceRunStart + performance.now()) | 0;
    Atomics.store(this.run, this.callAt, call); // after its time: a reader that sees the call sees when it began
  }

  /** The thread is back from whatever it was inside. */
  done(): void {
    Atomics.store(this.run, this.callAt, 0);
  }

  /** A collection of `kind` (a mutator's own, or the driver's for the run), which may block. */
  collect(kind: GcKind = kGcMinor): void {
    this.inside(kCollect);
    this.ps.collect(psKind(kind));
    this.done();
  }

  exit(): void {
    this.inside(kDetach);
    this.ps.detach();
    this.done();
  }
}
