// Messages between the main thread and the workers, named in one place. Nothing throws across
// threads: a worker returns a TaskResult whose `state` says how it ended.
import type { RunConfig, ThreadDumpEntry } from '../result.ts';

interface TaskCommon {
  sab: SharedArrayBuffer;
  /** The harness's own run memory (common/run-memory.ts). */
  run: SharedArrayBuffer;
  /** The harness's own shared memory beside the runtime's: the identity of each global root. */
  globals: SharedArrayBuffer;
  config: RunConfig;
  runStartMs: number; // performance.timeOrigin + performance.now() on the main thread
}

export interface MutatorTask extends TaskCommon {
  role: 'mutator';
  tid: number;
  threadSeed: number;
  /** URL of the module that exports the scenario's definition (loadable in a worker). */
  scenarioModule: string;
  scenarioName: string;
}

export interface CollectorTask extends TaskCommon {
  role: 'collector';
  lockerBudgetMs: number;
  /** Where the collector writes its GC event rows (common/gc-rows.ts), read by the main thread. */
  gcEvents: SharedArrayBuffer;
}

export type Task = MutatorTask | CollectorTask;

/**
 * One worker thread of a native run (harness/worker/native-entry.ts): a mutator, or the driver
 * (role collector, tid = mutators). The run's child process starts them with worker_threads, not a
 * pool: the process lives for one run. Paths are the ones the parent resolved.
 */
export interface NativeTask {
  role: 'mutator' | 'collector';
  tid: number;
  /** The runtime library, the addon every thread loads, and native/load.mjs's URL. */
  library: string;
  addonPath: string;
  loader: string;
  run: SharedArrayBuffer;
  globals: SharedArrayBuffer;
  gcEvents: SharedArrayBuffer;
  config: RunConfig;
  runStartMs: number;
  /** Handle slots per thread (ps_config.roots_per_thread). */
  rootsPerThread: number;
  threadSeed: number;
  scenarioModule: string;
  scenarioName: string;
}

/** What a mutator sends back: its state transitions (kState*) and their wall-clock times. */
export interface RawTimeline {
  thread: string;
  states: Uint8Array;
  times: Float64Array;
  endMs: number;
  dropped: number;
}

/** An error as data: what crosses the thread boundary instead of a thrown object. */
export interface WireError {
  code: string; // PIN_* for runtime errors, else the error's name
  name: string;
  message: string;
  stack: string;
  details: Record<string, unknown>;
}

interface ResultCommon {
  tid: number;
  startMs: number; // wall clock when the worker's program began (after the start gate)
  endMs: number;
  timeline: RawTimeline | null;
}

export type MutatorResult = ResultCommon & {
  role: 'mutator';
} & ({ state: 'done' } | { state: 'aborted' } | { state: 'error'; error: WireError });

export type CollectorResult = ResultCommon & {
  role: 'collector';
} & (
  | { state: 'done' }
  | { state: 'aborted' }
  | { state: 'error'; error: WireError }
  // The dump is taken when the collector gives up, before the abort wakes everyone: it shows
  // what the pin holders were doing while the collection waited for them.
  | { state: 'starved'; waitedMs: number; activePins: number; dump: ThreadDumpEntry[] }
  | { state: 'heap-invalid'; problems: { invariant: string; message: string }[] }
);

export type TaskResult = MutatorResult | CollectorResult;

export function toWireError(e: unknown): WireError {
  if (e instanceof Error) {
    const r = e as Error & { code?: unknown; details?: unknown };
    return {
      code: typeof r.code === 'string' ? r.code : e.name,
      name: e.name,
      message: e.message,
      stack: e.stack ?? '',
      details: r.details && typeof r.details === 'object' ? JSON.parse(JSON.stringify(r.details)) : {},
    };
  }
  return { code: 'UNKNOWN', name: 'Error', message: String(e), stack: '', details: {} };
}
