// The result of a run and the versioned JSON document (schemaVersion 1) every report reads.
// Reports depend on these types only; reports/results.schema.json describes the same shape.
import { FORBIDDEN_OUTCOMES, type ForbiddenOutcome, type OutcomeName } from '../runtime/layout.ts';
import type { RunStatName } from '../runtime/stats-table.ts';
import type { GcEvent } from '../runtime/collector.ts';

export const kSchemaVersion = 1;

/** interrupted: the user stopped the run (SIGINT, SIGTERM) before it could end by itself. */
export type RunStatus = 'passed' | 'failed' | 'hung' | 'crashed' | 'interrupted';
export const RUN_STATUSES: readonly RunStatus[] = ['passed', 'failed', 'hung', 'crashed', 'interrupted'];

/** Exit codes of the CLI. */
export const kExitOk = 0;
export const kExitFailed = 1; // a run failed, hung or crashed; or the gate failed
export const kExitUsage = 2; // bad usage or configuration

/** One run's configuration (harness/run-options.ts derives it from the options table). */
export type { RunConfig } from './run-options.ts';
import type { RunConfig } from './run-options.ts';

/** p50/p99/max over all samples, in microseconds. */
export interface Distribution {
  count: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * The run's statistics: every runtime statistic marked `run` in runtime/stats-table.ts (same
 * name), plus what the harness measures itself.
 */
export type RunStats = Record<RunStatName, number> & {
  iterations: number;
  pinExercised: number; // pinned objects checked intact after a collection they were pinned through
  throughput: number; // iterations per second over the mutators' wall time
  pause: Distribution;
  ttsp: Distribution;
};

export type Outcomes = Record<OutcomeName, number>;

export interface Assertion {
  name: string;
  passed: boolean;
  expected: string;
  actual: string;
}

export interface ThreadDumpEntry {
  id: number;
  name: string; // mutator-N | collector
  state: string; // managed | parked | native | blocked | exited | unregistered
  waitingOn: string; // none | gc_mutex | epoch | safepoint | gc_locker | native | doorbell
  waitArg: number;
  lastOp: string;
  iteration: number;
  heartbeat: number;
  pinsHeld: number;
  frames: string[]; // operation stack, outermost first
  trail: { op: string; arg: number }[]; // last operations, oldest first
}

export type DiagnosisKind =
  | 'self-deadlock' // a thread waits on a lock it owns
  | 'deadlock' // a wait-for cycle between threads
  | 'lost-wakeup' // a thread waits on a free lock
  | 'starvation' // a liveness failure: a collection waited past its budget
  | 'stuck-thread' // a mutator made no progress for the budget while the rest of the run went on
  | 'no-progress' // hung without a cycle we can name
  | 'forbidden-outcome' // a mutator saw moved/corrupted/stale memory or the heap verifier failed
  | 'protocol-violation' // a runtime error: re-lock in errorcheck mode, unpin underflow, ...
  | 'assertion' // the scenario's assertions on statistics did not hold
  | 'out-of-memory'
  | 'crash' // a worker threw an unexpected error or died
  | 'interrupted'; // the user stopped the run

export interface Diagnosis {
  kind: DiagnosisKind;
  message: string; // one paragraph a runtime engineer can paste into a bug
  lock: { name: string; word: number; owner: string; waiters: number } | null;
  waitForCycle: string[] | null; // thread names, first repeated at the end
  path: string[] | null; // operation stack of the culprit, outermost first
  threadDump: ThreadDumpEntry[];
  firstFailure: {
    outcome: ForbiddenOutcome;
    thread: string;
    iteration: number;
    address: string;
    expected: number;
    actual: number;
    detail: string;
  } | null;
  error: { code: string; name: string; message: string; stack: string } | null;
}

/** Per-thread state timeline for charts and traces: back-to-back segments. */
export interface ThreadTimeline {
  thread: string;
  segments: { state: 'managed' | 'parked' | 'native' | 'blocked'; startMs: number; endMs: number }[];
  dropped: number; // segments not recorded past the cap
}

/** Heap occupancy samples, one per collection (before and after). */
export interface OccupancySample {
  tMs: number; // ms since run start
  nurseryBytes: number;
  oldBytes: number;
  retainedBytes: number;
}

/** One collection as results.json records it (harness/gc-events.ts builds it from the runtime's rows). */
export type GcEventRecord = Omit<GcEvent, 'kind' | 'reason' | 'startMs'> & {
  kind: 'minor' | 'major';
  reason: string;
  tMs: number; // ms since the run's start
};

export interface RunEvents {
  startMs: number; // wall clock of the run's start; every other time here is relative to it
  gc: GcEventRecord[];
  threads: ThreadTimeline[];
  occupancy: OccupancySample[];
  /** A collection that started and never finished (a hang inside minor_gc); absent or null if none. */
  gcOpen?: { kind: 'minor' | 'major'; reason: string; tMs: number } | null;
}

export interface RunResult {
  scenario: string;
  status: RunStatus;
  seed: number;
  config: RunConfig;
  stats: RunStats;
  outcomes: Outcomes;
  assertions: Assertion[];
  durationMs: number;
  diagnosis: Diagnosis | null;
  repro: string;
  shard?: string; // "i/n" when produced by a sharded job
  scenarioFile?: string; // file URL of a user's scenario (absent for built-in ones): repro loads it again
  events?: RunEvents; // present when recording was on
}

/** A run a suite did not make: its runtime lacks something the scenario needs (harness/requirements.ts). */
export interface SkippedRun {
  scenario: string;
  seed: number;
  /** What tells it from the suite's other runs of the scenario (itemLabel): "ffi-blocking seed=1 strategy=copy-on-pin". */
  label: string;
  /** The runtime library, or null for the built-in runtime. */
  runtime: string | null;
  /** One sentence: what the scenario needs that the runtime does not have. */
  reason: string;
}

export interface ResultsDocument {
  schemaVersion: typeof kSchemaVersion;
  tool: { name: 'pinstress'; version: string };
  createdAt: string; // ISO 8601
  host: { node: string; platform: string; arch: string; cpus: number; hostname?: string }; // hostname: absent in older documents
  runs: RunResult[];
  /** Runs not made; absent when none was skipped. */
  skipped?: SkippedRun[];
  summary: { total: number } & Record<RunStatus, number>;
}

export function summarize(runs: readonly RunResult[]): ResultsDocument['summary'] {
  const s = { total: runs.length, passed: 0, failed: 0, hung: 0, crashed: 0, interrupted: 0 };
  for (const r of runs) s[r.status]++;
  return s;
}

export function exitCodeFor(runs: RunResult[]): number {
  return runs.every((r) => r.status === 'passed') ? kExitOk : kExitFailed;
}

/** Forbidden outcomes of a run, all kinds summed. */
export function forbiddenCount(r: Pick<RunResult, 'outcomes'>): number {
  let n = 0;
  for (const o of FORBIDDEN_OUTCOMES) n += r.outcomes[o] ?? 0;
  return n;
}
