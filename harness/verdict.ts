// From what the threads left behind to one RunResult: status, diagnosis, statistics, events.
// Precedence (the first that applies names the run): a crash; a forbidden outcome (the first one
// claimed the failure slot, so it is the root cause); a runtime protocol error; starvation; a hang;
// failed assertions; otherwise passed.
import { hex } from '../runtime/errors.ts';
import * as L from '../runtime/layout.ts';
import { GLOBAL_STATS, THREAD_STATS } from '../runtime/stats-table.ts';
import { diagnosisOf, starvationDiagnosis } from './diagnose.ts';
import { distribution } from './distribution.ts';
import { gcEventObjects, openCollection, pauseColumns } from './gc-events.ts';
import type { GcEventRows } from './common/gc-rows.ts';
import { timelineOf } from './timeline.ts';
import type { CollectorResult, MutatorResult, WireError } from './common/protocol.ts';
import { reproCommand } from './repro.ts';
import { type Assertion, type Diagnosis, forbiddenCount, type Outcomes, type RunConfig, type RunEvents, type RunResult, type RunStats, type RunStatus } from './result.ts';
import { atLeast } from './common/scenario.ts';
import type { ScenarioDefinition } from './common/scenario.ts';
import { describeValues, firstFailure } from './common/failure.ts';
import { kHeartbeat, type RunMemory } from './common/run-memory.ts';
import type { RunInspector } from './inspect.ts';

export interface Crash {
  role: 'mutator' | 'collector';
  tid: number;
  error: Error;
}

export interface RunFacts {
  def: ScenarioDefinition;
  config: RunConfig;
  defaults: RunConfig;
  /** The run, as the main thread reads it (runtime state, statistics, the harness's run memory). */
  h: RunInspector;
  runStartMs: number;
  durationMs: number;
  hang: Diagnosis | null;
  startFailed: boolean;
  mutators: MutatorResult[];
  collector: CollectorResult | null;
  crashes: Crash[];
  /** The file a user's scenario was loaded from (absent for built-in scenarios). */
  scenarioFile?: string;
  /** The user stopped the run (the suite's AbortSignal). */
  interrupted?: boolean;
  /** Every collection the collector completed, and the one it was inside when the run ended. */
  gc: GcEventRows;
  /** A native run's process that ended without a result: what became of it, in one sentence. */
  processDied?: string;
}


function forbiddenDiagnosis(h: RunInspector, f: RunFacts): Diagnosis | null {
  const first = firstFailure(h.run);
  if (!first) return null;
  const outcome = L.OUTCOME_NAMES[first.kind] as Exclude<L.OutcomeName, 'ok' | 'pinExercised'>;
  const { tid, iteration, detail, address } = first;
  const problems = tid === h.collectorId && f.collector?.state === 'heap-invalid' ? f.collector.problems : [];
  const who = tid === h.collectorId ? `the heap verifier (after collection ${iteration})` : `${h.threadName(tid)} in iteration ${iteration}`;
  let message = `${outcome}: ${who}`;
  if (problems.length) message += ` found ${problems.length} problem(s): ${problems.slice(0, 3).map((p) => `${p.invariant}: ${p.message}`).join('; ')}`;
  else message += describeValues(first);
  return diagnosisOf('forbidden-outcome', message + '.', h, {
    firstFailure: { outcome, thread: h.threadName(tid), iteration, address: hex(address), expected: first.expected, actual: first.actual, detail },
  });
}

function errorDiagnosis(h: RunInspector, who: string, e: WireError): { status: RunStatus; diagnosis: Diagnosis } {
  const error = { code: e.code, name: e.name, message: e.message, stack: e.stack };
  if (e.code === 'PIN_MUTEX_RELOCK') {
    const path = Array.isArray(e.details.path) ? (e.details.path as string[]) : null;
    const owner = String(e.details.ownerName ?? who);
    return {
      status: 'failed',
      diagnosis: diagnosisOf('self-deadlock',
        `self-deadlock caught at once (errorcheck gc_mutex): ${owner} re-locked gc_mutex, which it already owns; ` +
        `in normal mode this run hangs. Path: ${path ? [...path].reverse().join(' <- ') : '?'}.`, h,
        { error, path, waitForCycle: [owner, owner] }),
    };
  }
  if (e.code.startsWith('PIN_')) {
    const kind = e.code === 'PIN_OUT_OF_MEMORY' ? 'out-of-memory' : 'protocol-violation';
    return { status: 'failed', diagnosis: diagnosisOf(kind, `${who}: ${e.message}.`, h, { error }) };
  }
  return { status: 'crashed', diagnosis: diagnosisOf('crash', `${who} crashed: ${e.name}: ${e.message}`, h, { error }) };
}

function verdictOf(f: RunFacts, assertionsFailed: string[]): { status: RunStatus; diagnosis: Diagnosis | null } {
  const h = f.h;
  if (f.processDied) return { status: 'crashed', diagnosis: diagnosisOf('crash', f.processDied, h) };
  if (f.crashes.length > 0) {
    const c = f.crashes[0];
    const e = c.error;
    return {
      status: 'crashed',
      diagnosis: diagnosisOf('crash', `${h.threadName(c.tid)}'s worker died: ${e.message}`, h,
        { error: { code: 'WORKER_DIED', name: e.name, message: e.message, stack: e.stack ?? '' } }),
    };
  }
  const errors: { who: string; e: WireError }[] = [];
  if (f.collector?.state === 'error') errors.push({ who: 'collector', e: f.collector.error });
  for (const m of f.mutators) if (m.state === 'error') errors.push({ who: h.threadName(m.tid), e: m.error });
  const crash = errors.find((x) => !x.e.code.startsWith('PIN_'));
  if (crash) return errorDiagnosis(h, crash.who, crash.e);
  const forbidden = forbiddenDiagnosis(h, f);
  if (forbidden) return { status: 'failed', diagnosis: forbidden };
  if (errors.length > 0) return errorDiagnosis(h, errors[0].who, errors[0].e);
  if (f.interrupted) {
    const its = iterationsOf(h.run);
    return { status: 'interrupted', diagnosis: diagnosisOf('interrupted', `interrupted by the user after ${its} of ${f.config.mutators * f.config.iterations} iterations.`, h) };
  }
  if (f.collector?.state === 'starved') return { status: 'failed', diagnosis: starvationDiagnosis(h, f.collector) };
  if (f.hang) return { status: 'hung', diagnosis: f.hang };
  if (f.startFailed) return { status: 'crashed', diagnosis: diagnosisOf('crash', 'the workers did not start in time', h) };
  if (assertionsFailed.length > 0) {
    return { status: 'failed', diagnosis: diagnosisOf('assertion', `assertions on statistics failed: ${assertionsFailed.join('; ')}.`, h) };
  }
  return { status: 'passed', diagnosis: null };
}

function events(f: RunFacts): RunEvents | undefined {
  if (!f.config.record) return undefined;
  const gc = gcEventObjects(f.gc, f.runStartMs);
  const occupancy: RunEvents['occupancy'] = new Array(gc.length * 2);
  let retained = 0;
  for (let i = 0; i < gc.length; i++) {
    const e = gc[i];
    occupancy[2 * i] = { tMs: e.tMs, nurseryBytes: e.nurseryBefore, oldBytes: e.oldBefore, retainedBytes: retained };
    retained = e.nurseryAfter;
    occupancy[2 * i + 1] = { tMs: e.tMs + e.pauseUs / 1000, nurseryBytes: e.nurseryAfter, oldBytes: e.oldAfter, retainedBytes: retained };
  }
  return {
    startMs: f.runStartMs,
    gc,
    threads: f.mutators.flatMap((m) => (m.timeline ? [timelineOf(m.timeline, f.runStartMs)] : [])),
    occupancy,
    gcOpen: openCollection(f.gc, f.runStartMs),
  };
}

/**
 * What every scenario must reach, so none can pass by doing nothing: it collected, the content
 * oracle checked something after a collection, and nothing forbidden happened.
 */
function harnessAssertions(r: RunResult): Assertion[] {
  const forbidden = forbiddenCount(r);
  return [
    atLeast('collections', r.stats.minorCollections + r.stats.majorCollections, 1),
    atLeast('objects checked after a collection', r.outcomes.ok + r.outcomes.pinExercised, 1),
    { name: 'forbidden outcomes', passed: forbidden === 0, expected: '= 0', actual: String(forbidden) },
  ];
}

/** The statistics results.json carries (stats-table.ts rows marked `run`); times in whole us. */
function runStatsOf(s: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of [...GLOBAL_STATS, ...THREAD_STATS]) {
    if (row.run) out[row.name] = row.name.endsWith('Us') ? Math.round(s[row.name] ?? 0) : (s[row.name] ?? 0);
  }
  return out;
}

/** Iterations every mutator completed: one heartbeat each. */
function iterationsOf(run: RunMemory): number {
  let n = 0;
  for (let t = 0; t < run.threads; t++) n += Atomics.load(run.i32, run.th(t, kHeartbeat));
  return n;
}

export function buildRunResult(f: RunFacts): RunResult {
  const s = f.h.stats();
  const { pauseUs, ttspUs } = pauseColumns(f.gc);
  const iterations = iterationsOf(f.h.run);
  const done = f.mutators.filter((m) => m.state === 'done');
  const spanMs = done.length ? Math.max(...done.map((m) => m.endMs)) - Math.min(...done.map((m) => m.startMs)) : 0;
  const outcomes = f.h.run.outcomes() as Outcomes;
  const stats = {
    iterations,
    throughput: spanMs > 0 ? Math.round(iterations / (spanMs / 1000)) : 0,
    ...runStatsOf(s),
    pinExercised: outcomes.pinExercised,
    pause: distribution(pauseUs),
    // A library's collections are timed from outside, as whole calls: no time to safepoint to report.
    ttsp: distribution(f.config.runtime ? [] : ttspUs),
  } as RunStats;
  const partial: RunResult = {
    scenario: f.config.scenario, status: 'passed', seed: f.config.seed, config: f.config, stats, outcomes,
    assertions: [], durationMs: Math.round(f.durationMs), diagnosis: null, repro: reproCommand(f.config, f.defaults, f.scenarioFile),
  };
  if (f.scenarioFile) partial.scenarioFile = f.scenarioFile;
  partial.assertions = [...harnessAssertions(partial), ...(f.def.assertions?.(partial) ?? [])];
  const failedAssertions = partial.assertions.filter((a) => !a.passed).map((a) => `${a.name}: expected ${a.expected}, got ${a.actual}`);
  const v = verdictOf(f, failedAssertions);
  partial.status = v.status;
  partial.diagnosis = v.diagnosis;
  const ev = events(f);
  if (ev) partial.events = ev;
  return partial;
}

