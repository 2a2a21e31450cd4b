// trace.json: Chrome trace event format, for Perfetto (ui.perfetto.dev) or chrome://tracing.
// One process per run, placed at the run's real start so that runs one after another read so;
// a named track per thread with its states as back-to-back slices; each collection on the
// collector track with its phases nested (one that never finished runs to the end of the run);
// counters for heap occupancy.
import type { ResultsDocument, RunResult } from '../harness/result.ts';
import { collectionSlices, stateRowName } from './collections.ts';
import { diagnosisLines } from './diagnosis.ts';
import { runLabel } from './format.ts';
import { TextBuilder } from './text-builder.ts';
import { runEndMs, runStartsMs } from './timebase.ts';

export interface TraceEvent {
  name: string;
  ph: 'M' | 'X' | 'i' | 'C';
  ts: number; // µs since the first run's start
  pid: number;
  tid: number;
  dur?: number;
  cat?: string;
  s?: 't' | 'p' | 'g';
  args?: Record<string, unknown>;
}

export interface TraceDocument {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms' | 'ns';
  otherData: Record<string, string>;
}

/** Microseconds, rounded to the nanosecond so that output is stable across platforms. */
function usOf(ms: number): number {
  return Math.round(ms * 1e6) / 1e3;
}

function roundUs(x: number): number {
  return Math.round(Math.max(0, x) * 1e3) / 1e3;
}

// Track ids inside a run's process: the run track, then the collector, then each mutator.
const kRunTid = 1;
const kCollectorTid = 2;

/**
 * Where a run's events go: `event` takes any event; `state` one thread-state slice, the bulk of a
 * recorded run (tens of thousands), which renderTrace writes as text without an object each.
 */
interface TraceSink {
  event(e: TraceEvent): void;
  state(name: string, ts: number, dur: number, pid: number, tid: number): void;
}

function runEvents(r: RunResult, index: number, startMs: number, ev: TraceSink): void {
  const pid = index + 1;
  const us = (ms: number): number => usOf(startMs + ms);
  const meta = (tid: number, name: string, args: Record<string, unknown>): void => {
    ev.event({ name, ph: 'M', ts: 0, pid, tid, args });
  };
  const thread = (tid: number, name: string): void => {
    meta(tid, 'thread_name', { name });
    meta(tid, 'thread_sort_index', { sort_index: tid });
  };
  meta(kRunTid, 'process_name', { name: `run ${index + 1}: ${r.scenario} seed=${r.seed} [${r.status}]` });
  meta(kRunTid, 'process_sort_index', { sort_index: pid });
  thread(kRunTid, 'run');
  thread(kCollectorTid, 'collector');

  const runArgs: Record<string, unknown> = { status: r.status, strategy: r.config.strategy, repro: r.repro };
  if (r.diagnosis) runArgs.diagnosis = diagnosisLines(r.diagnosis).join('\n');
  ev.event({ name: `${runLabel(r)} ${r.status}`, cat: 'run', ph: 'X', ts: us(0), dur: usOf(Math.max(0, r.durationMs)), pid, tid: kRunTid, args: runArgs });
  if (r.diagnosis) {
    ev.event({ name: `${r.status}: ${r.diagnosis.kind}`, cat: 'diagnosis', ph: 'i', s: 'p', ts: us(Math.max(0, r.durationMs)), pid, tid: kRunTid, args: { message: r.diagnosis.message } });
  }
  const e = r.events;
  if (!e) return;

  // A collector that also has a state timeline gets its own "collector state" track: its
  // segments do not nest with the collection slices and Perfetto needs nesting per track.
  let tid = kCollectorTid + 1;
  for (const t of e.threads) {
    const name = stateRowName(t.thread);
    const myTid = tid++;
    thread(myTid, name);
    for (const s of t.segments) {
      ev.state(s.state, us(s.startMs), roundUs(us(s.endMs) - us(s.startMs)), pid, myTid);
    }
    if (t.dropped > 0) {
      const last = t.segments.at(-1);
      ev.event({ name: `${t.dropped} segments dropped`, cat: 'state', ph: 'i', s: 't', ts: us(last ? last.endMs : 0), pid, tid: myTid });
    }
  }

  for (const g of e.gc) {
    const ts = us(g.tMs);
    const pause = roundUs(g.pauseUs);
    const start = usOf(startMs);
    const ttsp = Math.min(roundUs(g.ttspUs), pause);
    const work = Math.min(roundUs(g.workUs), roundUs(pause - ttsp));
    const args = {
      id: g.id, kind: g.kind, reason: g.reason, pauseUs: g.pauseUs, ttspUs: g.ttspUs, workUs: g.workUs,
      nurseryBefore: g.nurseryBefore, nurseryAfter: g.nurseryAfter, oldBefore: g.oldBefore, oldAfter: g.oldAfter,
      bytesCopied: g.bytesCopied, objectsCopied: g.objectsCopied, pinnedSeen: g.pinnedSeen, retainedBlocks: g.retainedBlocks,
      threadsInNative: g.threadsInNative, lockerWaitUs: g.lockerWaitUs,
    };
    if (g.lockerWaitUs > 0) {
      // The gc-locker drain happens before the safepoint request, so it ends where the pause starts.
      const wait = roundUs(g.lockerWaitUs);
      ev.event({ name: 'gc-locker drain', cat: 'gc', ph: 'X', ts: roundUs(Math.max(start, ts - wait)), dur: Math.min(wait, roundUs(ts - start)), pid, tid: kCollectorTid });
    }
    ev.event({ name: `GC(${g.id}) ${g.kind} (${g.reason})`, cat: 'gc', ph: 'X', ts, dur: pause, pid, tid: kCollectorTid, args });
    ev.event({ name: 'safepoint request', cat: 'safepoint', ph: 'i', s: 't', ts, pid, tid: kCollectorTid, args: { gc: g.id } });
    ev.event({ name: 'time to safepoint', cat: 'gc', ph: 'X', ts, dur: ttsp, pid, tid: kCollectorTid });
    ev.event({ name: g.kind === 'major' ? 'major work' : 'minor work', cat: 'gc', ph: 'X', ts: roundUs(ts + ttsp), dur: work, pid, tid: kCollectorTid });
    const restart = roundUs(pause - ttsp - work);
    if (restart > 0) ev.event({ name: 'restart world', cat: 'gc', ph: 'X', ts: roundUs(ts + ttsp + work), dur: restart, pid, tid: kCollectorTid });
  }

  for (const c of collectionSlices(e, runEndMs(r))) {
    if (!c.unfinished) continue; // the finished ones are above, with their phases
    ev.event({
      name: `${c.kind} GC (${c.reason}) unfinished`, cat: 'gc', ph: 'X', ts: us(c.startMs), dur: roundUs(us(c.endMs) - us(c.startMs)), pid, tid: kCollectorTid,
      args: { kind: c.kind, reason: c.reason, unfinished: true, note: 'the collection started and never finished; the slice runs to the end of the run' },
    });
  }

  for (const o of e.occupancy) {
    const ts = us(o.tMs);
    ev.event({ name: 'nursery bytes', cat: 'heap', ph: 'C', ts, pid, tid: kCollectorTid, args: { nursery: o.nurseryBytes } });
    ev.event({ name: 'old space bytes', cat: 'heap', ph: 'C', ts, pid, tid: kCollectorTid, args: { old: o.oldBytes } });
    ev.event({ name: 'retained by pins bytes', cat: 'heap', ph: 'C', ts, pid, tid: kCollectorTid, args: { retained: o.retainedBytes } });
  }
}

function otherData(doc: ResultsDocument): TraceDocument['otherData'] {
  return { tool: `${doc.tool.name} ${doc.tool.version}`, createdAt: doc.createdAt, node: doc.host.node };
}

function eachRun(doc: ResultsDocument, sink: TraceSink): void {
  const starts = runStartsMs(doc.runs);
  doc.runs.forEach((r, i) => runEvents(r, i, starts[i], sink));
}

export function buildTrace(doc: ResultsDocument): TraceDocument {
  const traceEvents: TraceEvent[] = [];
  eachRun(doc, {
    event: (e) => traceEvents.push(e),
    state: (name, ts, dur, pid, tid) => traceEvents.push({ name, cat: 'state', ph: 'X', ts, dur, pid, tid }),
  });
  return { traceEvents, displayTimeUnit: 'ms', otherData: otherData(doc) };
}

/** trace.json as UTF-8 chunks: one event per line. */
export function renderTrace(doc: ResultsDocument): readonly Buffer[] {
  // One event per line: still valid JSON, but diffable and greppable.
  const out = new TextBuilder();
  out.add(`{"displayTimeUnit":"ms","otherData":${JSON.stringify(otherData(doc))},"traceEvents":[\n`);
  let sep = '';
  const line = (s: string): void => {
    out.add(sep);
    out.add(s);
    sep = ',\n';
  };
  eachRun(doc, {
    event: (e) => line(JSON.stringify(e)),
    // JSON.stringify of the object buildTrace makes for the slice (a state name needs no escaping).
    state: (name, ts, dur, pid, tid) => line(`{"name":"${name}","cat":"state","ph":"X","ts":${ts},"dur":${dur},"pid":${pid},"tid":${tid}}`),
  });
  out.add('\n]}\n');
  return out.bytes();
}
