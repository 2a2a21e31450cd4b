// Runs one scenario: one runtime, N mutators and one collector from a piscina pool sized N + 1
// (a queued mutator would hang the safepoint), and a watchdog. Main thread only.
// Every run ends: a hang is diagnosed and the workers are stopped; the pool is destroyed on every
// path, so no worker thread outlives the run.
import { gcInit } from '../runtime/collector.ts';
import { createRuntime, type Heap } from '../runtime/heap.ts';
import * as L from '../runtime/layout.ts';
import { abortRun } from '../runtime/safepoint.ts';
import { defaultRuntimeOptions } from '../runtime/options.ts';
import { resolveConfig } from './config.ts';
import { diagnoseHang } from './diagnose.ts';
import { buildRunResult, type Crash } from './verdict.ts';
import type { Diagnosis } from './result.ts';
import { PoolCache } from './pools.ts';
import type { CollectorResult, MutatorResult, Task, TaskResult } from './common/protocol.ts';
import { globalShadowBytes } from './common/global-shadow.ts';
import { gcRowsBytes, readGcRows } from './common/gc-rows.ts';
import { RunMemory } from './common/run-memory.ts';
import { BuiltinInspector } from './inspect.ts';
import type { RunConfig, RunResult } from './result.ts';
import type { ScenarioDefinition } from './common/scenario.ts';
import { deriveSeed } from './common/seed.ts';
import { startWatchdog, type Watchdog } from './watchdog.ts';
import { openStartGate, progressOf, runnableScenario, settledOrStopped, type ProgressInfo } from './run-steps.ts';
import { executeNativeRun } from './native/run-native.ts';

export type { ProgressInfo } from './run-steps.ts';

export interface RunOptions {
  onProgress?: (p: ProgressInfo) => void;
  progressEveryMs?: number;
  /** How long workers get to wind down after an abort before they are terminated. */
  graceMs?: number;
  /** The file a user's scenario came from (results.json and the repro line name it). */
  scenarioFile?: string;
  /** Aborting it stops the run (its workers wind down) and marks it interrupted. */
  signal?: AbortSignal;
  /** A native run's child process, once it started (for tools that watch it). */
  onProcess?: (pid: number) => void;
  /** Where the run gets its worker pool and gives it back (a suite's, reused across runs); a fresh pool when absent. */
  pools?: PoolCache;
}

const wall = (): number => performance.timeOrigin + performance.now();

export function runtimeFor(def: ScenarioDefinition, c: RunConfig, pools?: PoolCache): Heap {
  const o = defaultRuntimeOptions();
  const h = createRuntime({
    ...o,
    ...def.runtime,
    mutators: c.mutators,
    nurseryBytes: c.nurseryBytes,
    blockBytes: c.blockBytes,
    oldBytes: c.oldBytes,
    losThreshold: Math.min(def.runtime?.losThreshold ?? o.losThreshold, c.blockBytes - 16),
    mutex: c.mutex,
    faults: c.fault as never,
    strategy: c.strategy,
    verifyEvery: c.verifyEvery,
  }, pools ? (bytes) => pools.takeBuffer(bytes) : undefined);
  gcInit(h, L.kMainThreadId);
  return h;
}

export async function executeRun(def: ScenarioDefinition, config: RunConfig, opts: RunOptions = {}): Promise<RunResult> {
  if (config.runtime) return executeNativeRun(def, config, opts);
  const t0 = performance.now();
  const pools = opts.pools ?? new PoolCache();
  const h = runtimeFor(def, config, pools);
  const n = config.mutators;
  const run = RunMemory.create(n + 1);
  const inspector = new BuiltinInspector(h, run);
  // Stop the run: the harness's waits, then the runtime's (its shutdown flag).
  const stopAll = (): void => { run.abort(); abortRun(h); };
  const pool = pools.take(n + 1);
  const runStartMs = wall();
  const gcEvents = new SharedArrayBuffer(gcRowsBytes());
  const results: TaskResult[] = [];
  const crashes: Crash[] = [];
  let terminating = false;
  let startFailed = false;
  let hang: Diagnosis | null = null;
  let interrupted = false;
  let stopListening = (): void => undefined;
  let pending = n + 1; // tasks not yet settled: 0 at the end means the pool's workers are free again
  let dog: Watchdog | null = null;
  let progressTimer: NodeJS.Timeout | null = null;
  try {
    let settleAll!: () => void;
    const allSettled = new Promise<void>((r) => { settleAll = r; });
    const onSettled = (): void => { if (--pending === 0) settleAll(); };
    const launch = (task: Task, tid: number): void => {
      pool.run(task).then(
        (r: TaskResult) => {
          results.push(r);
          if (r.state !== 'done') stopAll();
          onSettled();
        },
        (e: unknown) => {
          // Rejections while the pool terminates stuck workers are the cure, not a crash.
          if (!terminating) crashes.push({ role: task.role, tid, error: e instanceof Error ? e : new Error(String(e)) });
          stopAll();
          onSettled();
        },
      );
    };
    const scenarioModule = runnableScenario(def);
    const globals = new SharedArrayBuffer(globalShadowBytes(h.globalRoots));
    const common = { sab: h.sab, run: run.sab, globals, config, runStartMs };
    launch({ ...common, role: 'collector', gcEvents, lockerBudgetMs: def.lockerBudgetMs ?? Math.max(200, config.watchdogMs / 2) }, h.collectorId);
    for (let t = 0; t < n; t++) launch({ ...common, role: 'mutator', tid: t, threadSeed: deriveSeed(config.seed, t), scenarioModule, scenarioName: def.name }, t);

    startFailed = await openStartGate(run, n + 1, () => pending, stopAll);

    const interrupt = (): void => { interrupted = true; stopAll(); };
    if (opts.signal?.aborted) interrupt();
    opts.signal?.addEventListener('abort', interrupt, { once: true });
    stopListening = () => opts.signal?.removeEventListener('abort', interrupt);
    dog = startWatchdog(inspector, config.watchdogMs, (stall) => {
      // Diagnose from shared memory before anything is disturbed, then stop the workers.
      hang = diagnoseHang(inspector, config.watchdogMs, stall);
      stopAll();
    });
    progressTimer = opts.onProgress
      ? setInterval(() => opts.onProgress!(progressOf(inspector, dog, config, performance.now() - t0)), opts.progressEveryMs ?? 250)
      : null;

    // Wait for the tasks; after an abort give them a grace period, then terminate whatever is left.
    await settledOrStopped(run, allSettled, opts.graceMs ?? 300, startFailed);
  } catch (e) {
    stopAll(); // e.g. a scenario module that cannot be resolved: stop whatever started
    throw e;
  } finally {
    // Every path gives the pool back, to be reused only if every task ended by itself; otherwise
    // it is destroyed, and with it any worker still running: no worker thread outlives the run.
    dog?.stop();
    stopListening();
    if (progressTimer) clearInterval(progressTimer);
    terminating = true;
    await pools.give(n + 1, pool, pending === 0);
    if (!opts.pools) await pools.close();
  }
  const durationMs = performance.now() - t0;
  const result = buildRunResult({
    def, config, h: inspector, runStartMs, durationMs, hang, startFailed, crashes,
    mutators: results.filter((r): r is MutatorResult => r.role === 'mutator'),
    collector: results.find((r): r is CollectorResult => r.role === 'collector') ?? null,
    defaults: resolveConfig(def.name, def.defaults ?? {}),
    scenarioFile: opts.scenarioFile,
    interrupted,
    gc: readGcRows(gcEvents),
  });
  // Every task ended by itself, and the result is read: no thread touches the buffer any more.
  if (opts.pools && pending === 0) pools.keepBuffer(h.sab);
  return result;
}
