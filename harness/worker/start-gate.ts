// The start gate every worker of a run passes: count in, then wait (safe: the thread is not
// registered with the runtime yet) until the main thread opens it. Worker side.
import * as R from '../common/run-memory.ts';
import type { RunMemory } from '../common/run-memory.ts';

/** False when the run was stopped before it started. */
export function startGate(run: RunMemory): boolean {
  const i32 = run.i32;
  Atomics.add(i32, R.kReadyCount, 1);
  Atomics.notify(i32, R.kReadyCount);
  while (Atomics.load(i32, R.kGo) === 0) {
    if (run.aborted()) return false;
    Atomics.wait(i32, R.kGo, 0, 100);
  }
  return !run.aborted();
}
