// From what the threads left behind to one RunResult: status, diagnosis, statistics, events.
// Precedence (the first that applies names the run): a crash; a forbidden outcome (the first one
// claimed the failure slot, so it is the root cause); a runtime protocol error; starvation; a hang;
// failed assertions; otherwise passed.
import { hex } from '../runtime/errors.ts';
import type { Heap } from '../runtime/heap.ts';
import * as L from '../runtime/layout.ts';
import { snapshotStats } from '../runtime/stats.ts';
import { threadName } from '../runtime/trail.ts';
import { diagnosisOf, starvationDiagnosis } from './diagnose.ts';
import { distribution } from './distribution.ts';
import { gcEventObjects, noGcEvents, pauseColumns } from './gc-events.ts';
import { timelineOf } from './worker/recorder.ts';
import type { CollectorResult, MutatorResult, WireError } from './protocol.ts';
import { reproCommand } from './repro.ts';
import type { Diagnosis, Outcomes, RunConfig, RunEvents, RunResult, RunStats, RunStatus } from './result.ts';
import type { ScenarioDefinition } from './scenario.ts';
import { FAILURE_DETAILS } from './worker/context.ts';

export interface Crash {
  role: 'mutator' | 'collector';
  tid: number;
  error: Error;
}

export interface RunFacts {
  def: ScenarioDefinition;
  config: RunConfig;
  defaults: RunConfig;
  h: Heap;
  runStartMs: number;
  durationMs: number;
  hang: Diagnosis | null;
  startFailed: boolean;
  mutators: MutatorResult[];
  collector: CollectorResult | null;
  crashes: Crash[];
}

const DETAIL_SENTENCES: Record<(typeof FAILURE_DETAILS)[number], string> = {
  none: '',
  'root-no-longer-at-pinned-address': 'the collector moved an object while it was pinned',
  'magic-overwritten': 'the pinned object\'s memory was overwritten while it was pinned',
  'root-points-at-freed-memory': 'a root still points at memory the collector freed and poisoned',
  'root-points-at-forwarded-object': 'a root still points at the old copy of an evacuated object',
  'root-points-outside-the-heap': 'a root holds no object address at all (null, misaligned or outside the heap)',
  'managed-code-ran-during-collection': 'a thread ran managed code while a collection was under way',
  'reference-lost': 'a reference field no longer reaches the object stored in it',
  'checksum-mismatch': 'a data structure\'s checksum changed across a collection',
  'unpin-below-zero-accepted': 'unpin below zero was accepted and the pin count went negative',
  'large-object-moved': 'a large object moved, but the large-object space never moves',
  'allocation-over-pinned-object': 'the allocator handed out memory that still holds a pinned object',
  'pinned-object-reclaimed': 'a pinned object that only native code still used was reclaimed (a pin must be a root)',
  'heap-verifier': 'the heap verifier found the heap inconsistent after a collection',
};

function forbiddenDiagnosis(h: Heap, f: RunFacts): Diagnosis | null {
  const i32 = h.i32;
  if (Atomics.load(i32, L.kFailureClaimed) !== 2) return null;
  const kind = i32[L.kFailureKind];
  const outcome = L.OUTCOME_NAMES[kind] as Exclude<L.OutcomeName, 'ok' | 'pinExercised'>;
  const tid = i32[L.kFailureThread];
  const detail = FAILURE_DETAILS[i32[L.kFailureDetail]] ?? 'none';
  const addr = i32[L.kFailureAddress];
  const observed = i32[L.kFailureObservedAddress];
  const iteration = i32[L.kFailureIteration];
  const problems = tid === h.collectorId && f.collector?.state === 'heap-invalid' ? f.collector.problems : [];
  const who = tid === h.collectorId ? `the heap verifier (after collection ${iteration})` : `${threadName(h, tid)} in iteration ${iteration}`;
  let message = `${outcome}: ${who}`;
  if (problems.length) message += ` found ${problems.length} problem(s): ${problems.slice(0, 3).map((p) => `${p.invariant}: ${p.message}`).join('; ')}`;
  else {
    message += ` saw object ${hex(addr)}`;
    if (observed && observed !== addr) message += ` at ${hex(observed)}`;
    // Heap words (addresses, magic values, the poison pattern) in hex, as the address above.
    message += ` (expected ${hex(i32[L.kFailureExpected])}, got ${hex(i32[L.kFailureActual])})`;
    if (DETAIL_SENTENCES[detail]) message += `: ${DETAIL_SENTENCES[detail]}`;
  }
  return diagnosisOf('forbidden-outcome', message + '.', h, {
    firstFailure: {
      outcome, thread: threadName(h, tid), iteration, address: hex(addr), expected: i32[L.kFailureExpected],
      actual: i32[L.kFailureActual], detail,
    },
  });
}

function errorDiagnosis(h: Heap, who: string, e: WireError): { status: RunStatus; diagnosis: Diagnosis } {
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
  if (f.crashes.length > 0) {
    const c = f.crashes[0];
    const e = c.error;
    return {
      status: 'crashed',
      diagnosis: diagnosisOf('crash', `${threadName(h, c.tid)}'s worker died: ${e.message}`, h,
        { error: { code: 'WORKER_DIED', name: e.name, message: e.message, stack: e.stack ?? '' } }),
    };
  }
  const errors: { who: string; e: WireError }[] = [];
  if (f.collector?.state === 'error') errors.push({ who: 'collector', e: f.collector.error });
  for (const m of f.mutators) if (m.state === 'error') errors.push({ who: threadName(h, m.tid), e: m.error });
  const crash = errors.find((x) => !x.e.code.startsWith('PIN_'));
  if (crash) return errorDiagnosis(h, crash.who, crash.e);
  const forbidden = forbiddenDiagnosis(h, f);
  if (forbidden) return { status: 'failed', diagnosis: forbidden };
  if (errors.length > 0) return errorDiagnosis(h, errors[0].who, errors[0].e);
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
  const gc = gcEventObjects(f.collector?.gc ?? noGcEvents(), f.runStartMs);
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
  };
}

export function buildRunResult(f: RunFacts): RunResult {
  const s = snapshotStats(f.h);
  const { pauseUs, ttspUs } = pauseColumns(f.collector?.gc ?? noGcEvents());
  const iterations = s.threads.reduce((a, t) => a + t.iterations, 0);
  const done = f.mutators.filter((m) => m.state === 'done');
  const spanMs = done.length ? Math.max(...done.map((m) => m.endMs)) - Math.min(...done.map((m) => m.startMs)) : 0;
  const outcomes = { ...s.outcomes } as Outcomes;
  const stats: RunStats = {
    iterations,
    throughput: spanMs > 0 ? Math.round(iterations / (spanMs / 1000)) : 0,
    minorCollections: s.minorCollections,
    majorCollections: s.majorCollections,
    pins: s.pins,
    unpins: s.unpins,
    pinExercised: outcomes.pinExercised,
    maxPinDepth: s.maxPinDepth,
    bytesAllocated: s.bytesAllocated,
    bytesCopied: s.bytesCopied,
    bytesPromoted: s.bytesPromoted,
    pinnedSeen: s.pinnedSeen,
    retainedBlocks: s.retainedBlocks,
    retainedBytes: s.retainedBytes,
    maxRetainedBytes: s.maxRetainedBytes,
    safepointPolls: s.safepointPolls,
    parks: s.parks,
    nativeCalls: s.nativeCalls,
    collectionsWithNative: s.collectionsWithNative,
    allocFailures: s.allocFailures,
    pinCopies: s.pinCopies,
    pinCopyBytes: s.pinCopyBytes,
    gcLockerWaitUs: Math.round(s.gcLockerWaitUs),
    gcLockerMaxWaitUs: Math.round(s.gcLockerMaxWaitUs),
    pinSpaceFreeBytes: s.pinSpaceFreeBytes,
    mutexAcquisitions: s.mutex.acquisitions,
    mutexContended: s.mutex.contended,
    mutexWaitUs: Math.round(s.mutex.waitUs),
    pause: distribution(pauseUs),
    ttsp: distribution(ttspUs),
  };
  const partial: RunResult = {
    scenario: f.config.scenario, status: 'passed', seed: f.config.seed, config: f.config, stats, outcomes,
    assertions: [], durationMs: Math.round(f.durationMs), diagnosis: null, repro: reproCommand(f.config, f.defaults),
  };
  partial.assertions = f.def.assertions(partial);
  const failedAssertions = partial.assertions.filter((a) => !a.passed).map((a) => `${a.name}: expected ${a.expected}, got ${a.actual}`);
  const v = verdictOf(f, failedAssertions);
  partial.status = v.status;
  partial.diagnosis = v.diagnosis;
  const ev = events(f);
  if (ev) partial.events = ev;
  return partial;
}

