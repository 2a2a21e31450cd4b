// The entry of a native run's worker threads (worker_threads started by the run's child process,
// harness/native/child.ts): each loads the addon itself, attaches to the library, passes the
// start gate, and runs as a mutator (the scenario's program in a NativeContext) or as the driver
// (driverLoop). It posts one TaskResult; nothing throws across the thread boundary. A thread stuck
// in the library never posts: the child process's watchdog sees it and ends the process. Worker side.
import { parentPort, workerData } from 'node:worker_threads';
import { AbortedError } from '../../runtime/errors.ts';
import { GlobalShadow } from '../common/global-shadow.ts';
import { loadNativeAddon } from '../common/native-addon.ts';
import { type MutatorResult, type NativeTask, type TaskResult, toWireError } from '../common/protocol.ts';
import * as R from '../common/run-memory.ts';
import { RunMemory } from '../common/run-memory.ts';
import { Rng } from '../common/seed.ts';
import { loadProgram } from './load-scenario.ts';
import { NativeContext } from './native-context.ts';
import { driverLoop, NativeCollector } from './native-driver.ts';
import { NativeMutator } from './native-mutator.ts';
import { startGate } from './start-gate.ts';

const wall = (): number => performance.timeOrigin + performance.now();

async function runMutator(task: NativeTask, run: RunMemory): Promise<MutatorResult> {
  const base = { role: 'mutator' as const, tid: task.tid, timeline: null };
  let m: NativeMutator | null = null;
  let startMs = wall();
  try {
    const program = await loadProgram(task.scenarioModule, task.scenarioName);
    const ps = await loadNativeAddon(task.loader, task.library, task.addonPath);
    if (!startGate(run)) return { ...base, startMs, endMs: wall(), state: 'aborted' };
    startMs = wall();
    m = new NativeMutator(ps, task.tid, run, task.runStartMs);
    program(new NativeContext(m, task.config, new Rng(task.threadSeed), new GlobalShadow(task.globals), run, task.rootsPerThread));
    return { ...base, startMs, endMs: wall(), state: 'done' };
  } catch (e) {
    if (e instanceof AbortedError) return { ...base, startMs, endMs: wall(), state: 'aborted' };
    run.abort();
    return { ...base, startMs, endMs: wall(), state: 'error', error: toWireError(e) };
  } finally {
    // A detached thread is safe: a collection never waits for a thread that ended, however it ended.
    m?.exit();
    Atomics.add(run.i32, R.kMutatorsEnded, 1);
  }
}

async function runDriver(task: NativeTask, run: RunMemory): Promise<TaskResult> {
  const ps = await loadNativeAddon(task.loader, task.library, task.addonPath);
  if (!startGate(run)) return { role: 'collector', tid: task.tid, startMs: wall(), endMs: wall(), timeline: null, state: 'aborted' };
  const c = new NativeCollector(ps, task.tid, run, task.runStartMs);
  try {
    return driverLoop(c, run, task, wall());
  } finally {
    c.exit();
  }
}

async function main(task: NativeTask): Promise<TaskResult> {
  const run = new RunMemory(task.run, task.config.mutators + 1);
  try {
    return await (task.role === 'collector' ? runDriver(task, run) : runMutator(task, run));
  } catch (e) {
    run.abort();
    return { role: task.role, tid: task.tid, startMs: wall(), endMs: wall(), timeline: null, state: 'error', error: toWireError(e) } as TaskResult;
  }
}

if (parentPort) parentPort.postMessage(await main(workerData as NativeTask));
