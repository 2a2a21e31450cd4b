// A run against a runtime library (config.runtime), from the parent's side: one child process
// per run (harness/native/child.ts), which reports its RunResult over IPC. The child watches its
// own run and ends itself; this side only makes sure it does: it hears from the child every
// quarter second, and one silent for the watchdog budget plus a margin (or through start-up, a
// start-up allowance more) is SIGKILLed. Either way executeNativeRun returns only once the child
// has exited and been reaped, so no process or thread outlives the run. A child that ends without
// a result is a crashed run, with a sentence saying how it ended. Main side.
import { spawn } from 'node:child_process';
import { defaultRuntimeOptions } from '../../runtime/options.ts';
import type { NativeConfig } from '../common/native-addon.ts';
import { RunMemory } from '../common/run-memory.ts';
import type { RuntimeCapabilities, ThreadStatus } from '../../runtime/contract.ts';
import type { ScenarioDefinition } from '../common/scenario.ts';
import { resolveConfig } from '../config.ts';
import type { LockView, RunInspector } from '../inspect.ts';
import { nativeChildScript, nativeWorkerEntry } from '../paths.ts';
import type { RunConfig, RunResult, ThreadDumpEntry } from '../result.ts';
import type { RunOptions } from '../run.ts';
import { runnableScenario } from '../run-steps.ts';
import { buildRunResult } from '../verdict.ts';
import { nativeThreadName } from './inspector.ts';
import type { FromChild, NativeJob, ToChild } from './messages.ts';
import { nativeTargetFor } from './target.ts';
import { unmetRequirement } from '../requirements.ts';
import { UsageError } from '../usage-error.ts';

/** Beyond the watchdog's budget: the child's own diagnosis, its grace period and its report. */
const kMarginMs = 5_000;
/** Before the child's first word: Node, the modules, the library. */
const kStartMs = 20_000;
const kStderrTail = 4096;

/** ps_config for a run: the run's sizes, and the scenario's runtime sizing where it has one. */
function nativeConfigOf(def: ScenarioDefinition, c: RunConfig): NativeConfig {
  const o = defaultRuntimeOptions();
  return {
    mutators: c.mutators, nurseryBytes: c.nurseryBytes, blockBytes: c.blockBytes, oldBytes: c.oldBytes,
    rootsPerThread: def.runtime?.rootsPerThread ?? o.rootsPerThread,
    largeThreshold: def.runtime?.losThreshold ?? o.losThreshold,
    globalRoots: def.runtime?.globalRoots ?? o.globalRoots,
    errorcheckMutex: c.mutex === 'errorcheck',
    faults: c.fault,
  };
}

/** A run whose process is gone: what it last said of itself, and nothing more. */
class EndedRun implements RunInspector {
  readonly run: RunMemory;
  readonly mutators: number;
  readonly collectorId: number;
  readonly capabilities: RuntimeCapabilities;
  readonly faults: readonly string[];
  private readonly last: Record<string, number>;
  constructor(mutators: number, capabilities: RuntimeCapabilities, faults: readonly string[], last: Record<string, number>) {
    this.run = RunMemory.create(mutators + 1);
    this.mutators = mutators;
    this.collectorId = mutators;
    this.capabilities = capabilities;
    this.faults = faults;
    this.last = last;
  }
  threadName(tid: number): string {
    return nativeThreadName(tid, this.mutators);
  }
  threadDump(): ThreadDumpEntry[] {
    return [];
  }
  threadStates(): readonly [] {
    return [];
  }
  threadStatus(): ThreadStatus | undefined {
    return undefined;
  }
  lock(): LockView {
    return { name: 'gc_mutex', word: 0, owner: -1, waiters: 0 };
  }
  runningCollection(): number {
    return this.collectorId;
  }
  stats(): Record<string, number> {
    return this.last;
  }
}

export async function executeNativeRun(def: ScenarioDefinition, config: RunConfig, opts: RunOptions = {}): Promise<RunResult> {
  const t0 = performance.now();
  const target = await nativeTargetFor(config);
  // A suite skips such a run before it starts (runSuite); one asked for alone is refused.
  const unmet = unmetRequirement(def, config, target.capabilities, config.runtime!);
  if (unmet) throw new UsageError(unmet);
  const job: NativeJob = {
    library: target.library, addonPath: target.addonPath, loader: target.loader, workerEntry: nativeWorkerEntry(),
    scenarioModule: runnableScenario(def), scenarioName: def.name, scenarioFile: opts.scenarioFile, config,
    native: nativeConfigOf(def, config), graceMs: opts.graceMs ?? 300,
  };
  const child = spawn(process.execPath, [nativeChildScript(), 'run'], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let stderr = '';
  child.stdout!.resume();
  child.stderr!.setEncoding('utf8').on('data', (s: string) => { stderr = (stderr + s).slice(-kStderrTail); });
  let result: RunResult | null = null;
  let failed: string | null = null;
  let stats: Record<string, number> = {};
  let silentFor = 0;
  const silence = config.watchdogMs + kMarginMs;
  let deadline: NodeJS.Timeout = setTimeout(() => { silentFor = kStartMs + silence; child.kill('SIGKILL'); }, kStartMs + silence);
  const heard = (): void => {
    clearTimeout(deadline);
    deadline = setTimeout(() => { silentFor = silence; child.kill('SIGKILL'); }, silence);
  };
  child.on('message', (m: FromChild) => {
    heard();
    if (m.type === 'progress') {
      stats = m.stats;
      opts.onProgress?.(m.progress);
    } else if (m.type === 'result') result = m.result;
    else failed = m.message;
  });
  const stop = (): void => { if (child.connected) child.send({ type: 'stop' } satisfies ToChild); };
  opts.signal?.addEventListener('abort', stop, { once: true });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.on('error', (error) => resolve({ code: null, signal: null, error }));
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  if (child.pid !== undefined) opts.onProcess?.(child.pid);
  child.send({ type: 'run', job } satisfies ToChild);
  if (opts.signal?.aborted) stop();
  const end = await exited;
  clearTimeout(deadline);
  opts.signal?.removeEventListener('abort', stop);
  if (result) return result;
  const how = end.error ? `could not start (${end.error.message})`
    : silentFor > 0 ? `said nothing for ${silentFor} ms and was killed`
      : end.signal ? `was killed by ${end.signal}` : `exited with code ${end.code}`;
  const said = failed ?? stderr.trim().split('\n').pop()?.trim();
  const sentence = `the run's process (pid ${child.pid}, running ${config.runtime}) ${how} before it reported a result${said ? `: ${said}` : ''}.`;
  return buildRunResult({
    def, config, h: new EndedRun(config.mutators, target.capabilities, target.info.faults, stats), runStartMs: performance.timeOrigin + t0,
    durationMs: performance.now() - t0, hang: null, startFailed: false, crashes: [], mutators: [], collector: null,
    defaults: resolveConfig(def.name, def.defaults ?? {}), scenarioFile: opts.scenarioFile, gc: { rows: new Float64Array(0), count: 0, dropped: 0, open: null },
    processDied: sentence,
  });
}
