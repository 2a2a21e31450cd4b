// The steps every run's main thread takes whatever runtime it drives, shared by executeRun (the
// built-in runtime, workers from a piscina pool) and a native run's child process (its library,
// workers from worker_threads): open the start gate, report progress, wait for the workers with a
// grace period once the run is stopped. Main side; never blocks the thread (no Atomics.wait).
import * as R from './common/run-memory.ts';
import type { ScenarioDefinition } from './common/scenario.ts';
import { runnableModule } from './paths.ts';
import { UsageError } from './usage-error.ts';
import type { RunMemory } from './common/run-memory.ts';
import type { RunInspector } from './inspect.ts';
import type { RunConfig } from './result.ts';
import type { Watchdog } from './watchdog.ts';

export interface ProgressInfo {
  scenario: string;
  iterations: number;
  totalIterations: number;
  collections: number;
  elapsedMs: number;
  /** How long the mutator that has waited longest has made no progress, and the watchdog's budget. */
  stalledMs: number;
  watchdogMs: number;
}

const kStartTimeoutMs = 20_000;

/**
 * Wait until all `parties` workers counted themselves in (or every task ended, or the time is up),
 * then open the gate. Returns true when the start failed: workers still pending never came in (the
 * run is stopped first, so they wind down at the gate).
 */
export async function openStartGate(run: RunMemory, parties: number, pending: () => number, stop: () => void): Promise<boolean> {
  const i32 = run.i32;
  const deadline = performance.now() + kStartTimeoutMs;
  while (Atomics.load(i32, R.kReadyCount) < parties && pending() > 0 && performance.now() < deadline) {
    const v = Atomics.load(i32, R.kReadyCount);
    await Atomics.waitAsync(i32, R.kReadyCount, v, 50).value;
  }
  let failed = false;
  if (Atomics.load(i32, R.kReadyCount) < parties) {
    failed = pending() > 0;
    stop();
  }
  Atomics.store(i32, R.kGo, 1);
  Atomics.notify(i32, R.kGo);
  return failed;
}

/** Resolves when every task settled, or `graceMs` after the run was stopped (or the start failed), whichever is first. */
export function settledOrStopped(run: RunMemory, allSettled: Promise<void>, graceMs: number, startFailed: boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    let graceTimer: NodeJS.Timeout | null = null;
    const check = setInterval(() => {
      if (run.aborted() && !graceTimer) graceTimer = setTimeout(resolve, graceMs);
    }, 5);
    void allSettled.then(() => { clearInterval(check); if (graceTimer) clearTimeout(graceTimer); resolve(); });
    if (startFailed) graceTimer = setTimeout(resolve, graceMs);
  });
}

/** Where a run stands, for progress displays. */
export function progressOf(h: RunInspector, dog: Watchdog | null, config: RunConfig, elapsedMs: number): ProgressInfo {
  const s = h.stats();
  return {
    scenario: config.scenario, iterations: dog?.iterations() ?? 0, totalIterations: config.mutators * config.iterations,
    collections: (s.minorCollections ?? 0) + (s.majorCollections ?? 0), elapsedMs,
    stalledMs: dog?.longestStallMs() ?? 0, watchdogMs: config.watchdogMs,
  };
}

/** The module a worker loads the scenario's program from (built, when it is one of pinstress's own). */
export function runnableScenario(def: ScenarioDefinition): string {
  if (!def.module) throw new UsageError(`scenario ${def.name} has no module: pass its file path, or give defineScenario({ module: import.meta.url, ... })`);
  return runnableModule(def.module);
}
