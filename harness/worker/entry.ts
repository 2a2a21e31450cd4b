// The piscina task entry: every worker of a run's pool runs one task, as mutator or collector.
// Worker side only; the main thread never imports this file.
import { AbortedError } from '../../runtime/errors.ts';
import { attachRuntime, type Heap } from '../../runtime/heap.ts';
import * as L from '../../runtime/layout.ts';
import { Mutator } from '../../runtime/mutator.ts';
import { abortRun, markExited } from '../../runtime/safepoint.ts';
import { threadName } from '../../runtime/trail.ts';
import { GlobalShadow } from '../common/global-shadow.ts';
import { RunMemory } from '../common/run-memory.ts';
import { type CollectorTask, type MutatorResult, type MutatorTask, type Task, type TaskResult, toWireError } from '../common/protocol.ts';
import { Rng } from '../common/seed.ts';
import { collectorLoop } from './collector-loop.ts';
import { ScenarioContext } from './context.ts';
import { loadProgram, type ScenarioProgram } from './load-scenario.ts';
import { TimelineRecorder } from './recorder.ts';
import { startGate } from './start-gate.ts';

const wall = (): number => performance.timeOrigin + performance.now();

async function runMutator(task: MutatorTask): Promise<MutatorResult> {
  const h = attachRuntime(task.sab);
  const run = new RunMemory(task.run, h.threads);
  const stopAll = (): void => { run.abort(); abortRun(h); };
  const rec = task.config.record ? new TimelineRecorder() : null;
  const base = { role: 'mutator' as const, tid: task.tid };
  let program: ScenarioProgram;
  try {
    program = await loadProgram(task.scenarioModule, task.scenarioName);
  } catch (e) {
    stopAll();
    return { ...base, startMs: wall(), endMs: wall(), timeline: null, state: 'error', error: toWireError(e) };
  }
  if (!startGate(run)) return { ...base, startMs: wall(), endMs: wall(), timeline: null, state: 'aborted' };
  const startMs = wall();
  const finish = (): Omit<MutatorResult, 'state' | 'error'> => {
    const endMs = wall();
    return { ...base, startMs, endMs, timeline: rec ? rec.toRaw(threadName(h, task.tid), endMs) : null };
  };
  try {
    h.rec = rec;
    const m = new Mutator(h, task.tid);
    const ctx = new ScenarioContext(m, task.config, new Rng(task.threadSeed), new GlobalShadow(task.globals), run);
    program(ctx);
    run.endProgram(task.tid, ctx.pinsHeld());
    m.exit();
    return { ...finish(), state: 'done' } as MutatorResult;
  } catch (e) {
    if (e instanceof AbortedError) return { ...finish(), state: 'aborted' } as MutatorResult;
    stopAll();
    return { ...finish(), state: 'error', error: toWireError(e) } as MutatorResult;
  } finally {
    // An exited thread is safe: a collection never waits for a thread that ended, however it ended.
    if (Atomics.load(h.i32, h.th(task.tid, L.kThState)) !== L.kStateExited) markExited(h, task.tid);
  }
}

function runCollector(task: CollectorTask): TaskResult {
  const h = attachRuntime(task.sab);
  const run = new RunMemory(task.run, h.threads);
  if (!startGate(run)) {
    const t = wall();
    return { role: 'collector', tid: h.collectorId, startMs: t, endMs: t, timeline: null, state: 'aborted' };
  }
  return collectorLoop(h, run, task, wall());
}

export default async function run(task: Task): Promise<TaskResult> {
  return task.role === 'collector' ? runCollector(task) : runMutator(task);
}
