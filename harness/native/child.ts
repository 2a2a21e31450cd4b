// A native run's child process: one run, one library, one runtime, then _exit. A thread stuck in
// native code cannot be interrupted like Atomics.wait, so the run lives in a process of its own
// that can always be ended: by itself (the addon's exitNow; process.exit would wait forever for a
// worker stuck in the library) once it has reported, or by its parent (SIGKILL) if it cannot.
//
//   node child.js probe <loader URL> <library> <addon>   print what the library is (one JSON line)
//   node child.js run                                    take a NativeJob over IPC, run it, send the RunResult
//
// Threads: this main thread creates the runtime (ps_create; it never attaches), starts N mutator
// worker threads and one driver thread (harness/worker/native-entry.ts), opens the start gate, and
// watches the run memory with the watchdog; a hang is diagnosed from the harness's own per-thread
// call records and the library's thread state (NativeInspector). The result is built here, sent to
// the parent, and the process ends. Main side.
import { Worker } from 'node:worker_threads';
import { loadDefinition } from '../common/import-module.ts';
import { globalShadowBytes } from '../common/global-shadow.ts';
import { gcRowsBytes, readGcRows } from '../common/gc-rows.ts';
import { loadNativeAddon, type NativeAddon } from '../common/native-addon.ts';
import type { CollectorResult, MutatorResult, NativeTask, TaskResult } from '../common/protocol.ts';
import { RunMemory } from '../common/run-memory.ts';
import { deriveSeed } from '../common/seed.ts';
import { resolveConfig } from '../config.ts';
import { diagnoseHang } from '../diagnose.ts';
import type { Diagnosis } from '../result.ts';
import { openStartGate, progressOf, settledOrStopped } from '../run-steps.ts';
import { buildRunResult, type Crash } from '../verdict.ts';
import { startWatchdog } from '../watchdog.ts';
import { NativeInspector } from './inspector.ts';
import type { FromChild, NativeJob, ToChild } from './messages.ts';
import { capabilitiesOf } from './target.ts';

const kProgressEveryMs = 250;
const wall = (): number => performance.timeOrigin + performance.now();
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function send(m: FromChild): Promise<void> {
  return new Promise((done) => {
    if (!process.connected) done();
    else process.send!(m, undefined, undefined, () => done());
  });
}

async function probe(loader: string, library: string, addonPath: string): Promise<void> {
  let line: string;
  try {
    line = JSON.stringify({ library: (await loadNativeAddon(loader, library, addonPath)).library });
  } catch (e) {
    line = JSON.stringify({ error: messageOf(e) });
  }
  process.stdout.write(`${line}\n`);
}

async function run(job: NativeJob, ps: NativeAddon): Promise<void> {
  const t0 = performance.now();
  const { config } = job;
  const n = config.mutators;
  const def = await loadDefinition(job.scenarioModule, job.scenarioName);
  ps.create(job.native);
  const run = RunMemory.create(n + 1);
  const runStartMs = wall();
  const inspector = new NativeInspector(ps, run, n, capabilitiesOf(ps.library), runStartMs);
  const globals = new SharedArrayBuffer(globalShadowBytes(job.native.globalRoots));
  const gcEvents = new SharedArrayBuffer(gcRowsBytes());
  const stopAll = (): void => run.abort();
  const results: TaskResult[] = [];
  const crashes: Crash[] = [];
  let pending = n + 1;
  let settleAll!: () => void;
  const allSettled = new Promise<void>((r) => { settleAll = r; });
  const common = {
    library: job.library, addonPath: job.addonPath, loader: job.loader, run: run.sab, globals, gcEvents, config, runStartMs,
    rootsPerThread: job.native.rootsPerThread, scenarioModule: job.scenarioModule, scenarioName: job.scenarioName,
  };
  const start = (task: NativeTask): void => {
    const w = new Worker(new URL(job.workerEntry), { workerData: task });
    let settled = false;
    const settle = (): void => {
      if (settled) return;
      settled = true;
      inspector.markEnded(task.tid);
      if (--pending === 0) settleAll();
    };
    w.on('message', (r: TaskResult) => {
      results.push(r);
      if (r.state !== 'done') stopAll();
      settle();
    });
    w.on('error', (e) => {
      crashes.push({ role: task.role, tid: task.tid, error: e });
      stopAll();
      settle();
    });
    w.on('exit', (code) => {
      if (!settled) crashes.push({ role: task.role, tid: task.tid, error: new Error(`its thread ended (exit code ${code}) without a result`) });
      settle();
    });
  };
  start({ ...common, role: 'collector', tid: n, threadSeed: 0 });
  for (let t = 0; t < n; t++) start({ ...common, role: 'mutator', tid: t, threadSeed: deriveSeed(config.seed, t) });

  const startFailed = await openStartGate(run, n + 1, () => pending, stopAll);
  let interrupted = false;
  process.on('message', (m: ToChild) => {
    if (m.type === 'stop') { interrupted = true; stopAll(); }
  });
  let hang: Diagnosis | null = null;
  const dog = startWatchdog(inspector, config.watchdogMs, (stall) => {
    // Diagnose while every stuck thread is still where it stuck, then stop the rest.
    hang = diagnoseHang(inspector, config.watchdogMs, stall);
    stopAll();
  });
  const progress = setInterval(() => void send({ type: 'progress', progress: progressOf(inspector, dog, config, performance.now() - t0), stats: inspector.stats() }), kProgressEveryMs);
  await settledOrStopped(run, allSettled, job.graceMs, startFailed);
  dog.stop();
  clearInterval(progress);
  const result = buildRunResult({
    def, config, h: inspector, runStartMs, durationMs: performance.now() - t0, hang, startFailed, crashes, interrupted,
    mutators: results.filter((r): r is MutatorResult => r.role === 'mutator'),
    collector: results.find((r): r is CollectorResult => r.role === 'collector') ?? null,
    defaults: resolveConfig(def.name, def.defaults ?? {}),
    scenarioFile: job.scenarioFile,
    gc: readGcRows(gcEvents),
  });
  await send({ type: 'result', result });
  // Every thread detached (each does as it ends): the runtime can go. Otherwise threads are stuck in
  // it, and it goes with the process.
  if (pending === 0) ps.destroy();
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'probe') return probe(argv[1], argv[2], argv[3]);
  const job = await new Promise<NativeJob>((resolve) => {
    process.once('message', (m: ToChild) => { if (m.type === 'run') resolve(m.job); });
  });
  let ps: NativeAddon | null = null;
  // The parent is gone (killed, or it ended): so must this process be, at once.
  process.on('disconnect', () => (ps ? ps.exitNow(1) : process.exit(1)));
  try {
    ps = await loadNativeAddon(job.loader, job.library, job.addonPath);
    await send({ type: 'progress', progress: { scenario: job.config.scenario, iterations: 0, totalIterations: job.config.mutators * job.config.iterations, collections: 0, elapsedMs: 0, stalledMs: 0, watchdogMs: job.config.watchdogMs }, stats: {} });
    await run(job, ps);
  } catch (e) {
    await send({ type: 'failed', message: messageOf(e) });
  }
  // Never process.exit: it waits for every worker, and one stuck in the library never comes back.
  if (ps) ps.exitNow(0);
  process.exit(0);
}

await main(process.argv.slice(2));
