// trace.json is a well-formed Chrome trace that Perfetto can lay out: named tracks, slices that
// nest on each track, collections with their phases, instants and counters.
import { describe, expect, it } from 'vitest';
import { buildTrace, renderTrace, type TraceEvent } from '../reports/index.ts';
import { documentOf, failedRun, hungRun, passedRun, sampleDocument } from './fixtures/sample-results.ts';
import { textOf } from '../reports/text-builder.ts';

const kEps = 1e-6;

function parse(doc = sampleDocument()): { displayTimeUnit: string; traceEvents: TraceEvent[] } {
  return JSON.parse(textOf(renderTrace(doc)));
}

function threadNames(events: TraceEvent[], pid: number): Map<number, string> {
  const m = new Map<number, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.pid === pid) m.set(e.tid, String(e.args?.name));
  return m;
}

function slices(events: TraceEvent[], pid: number, tid: number): TraceEvent[] {
  return events.filter((e) => e.ph === 'X' && e.pid === pid && e.tid === tid).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
}

describe('trace.json', () => {
  it('is a trace object whose every event has ph, ts, pid and tid', () => {
    const t = parse();
    expect(t.displayTimeUnit).toBe('ms');
    expect(t.traceEvents.length).toBeGreaterThan(100);
    for (const e of t.traceEvents) {
      expect(['M', 'X', 'i', 'C']).toContain(e.ph);
      expect(typeof e.name).toBe('string');
      expect(Number.isFinite(e.ts)).toBe(true);
      expect(e.ts).toBeGreaterThanOrEqual(0);
      expect(Number.isInteger(e.pid)).toBe(true);
      expect(Number.isInteger(e.tid)).toBe(true);
      if (e.ph === 'X') expect(e.dur).toBeGreaterThanOrEqual(0);
      if (e.ph === 'i') expect(['t', 'p', 'g']).toContain(e.s);
      if (e.ph === 'C') expect(Object.values(e.args ?? {}).every((v) => typeof v === 'number')).toBe(true);
    }
  });

  it('gives each run its own named process and every used thread a name', () => {
    const doc = sampleDocument();
    const t = parse(doc);
    const processes = t.traceEvents.filter((e) => e.ph === 'M' && e.name === 'process_name');
    expect(processes.map((e) => e.pid)).toEqual(doc.runs.map((_, i) => i + 1));
    expect(String(processes[1].args?.name)).toBe('run 2: nested-init seed=42 [hung]');
    for (const pid of processes.map((p) => p.pid)) {
      const names = threadNames(t.traceEvents, pid);
      for (const e of t.traceEvents.filter((x) => x.pid === pid && x.ph !== 'M')) expect(names.has(e.tid)).toBe(true);
    }
    expect([...threadNames(t.traceEvents, 1).values()]).toEqual(['run', 'collector', 'mutator-0', 'mutator-1', 'mutator-2', 'mutator-3', 'collector state']);
  });

  it('draws thread states back to back', () => {
    const t = parse(documentOf([passedRun()]));
    const names = threadNames(t.traceEvents, 1);
    const mutator = [...names].find(([, n]) => n === 'mutator-2')![0];
    const states = slices(t.traceEvents, 1, mutator);
    expect(states.length).toBeGreaterThan(10);
    for (let i = 1; i < states.length; i++) expect(Math.abs(states[i].ts - (states[i - 1].ts + states[i - 1].dur!))).toBeLessThan(0.002);
    expect(new Set(states.map((s) => s.name))).toEqual(new Set(['managed', 'parked', 'native', 'blocked']));
  });

  it('never lets slices on one track partially overlap', () => {
    const t = parse();
    const tracks = new Set(t.traceEvents.filter((e) => e.ph === 'X').map((e) => `${e.pid}:${e.tid}`));
    let nested = 0;
    for (const key of tracks) {
      const [pid, tid] = key.split(':').map(Number);
      const open: TraceEvent[] = [];
      for (const s of slices(t.traceEvents, pid, tid)) {
        while (open.length > 0 && open[open.length - 1].ts + open[open.length - 1].dur! <= s.ts + kEps) open.pop();
        const parent = open[open.length - 1];
        if (parent) {
          nested++;
          expect(s.ts + s.dur!, `${s.name} inside ${parent.name} on ${key}`).toBeLessThanOrEqual(parent.ts + parent.dur! + kEps);
        }
        open.push(s);
      }
    }
    expect(nested).toBeGreaterThan(0); // the fixture has phases nested in pauses: the check ran
  });

  it('puts each collection on the collector track with its phases inside it', () => {
    const run = passedRun();
    const t = parse(documentOf([run]));
    const collector = [...threadNames(t.traceEvents, 1)].find(([, n]) => n === 'collector')![0];
    const onCollector = slices(t.traceEvents, 1, collector);
    const gcs = onCollector.filter((s) => s.name.startsWith('GC('));
    expect(gcs).toHaveLength(run.events!.gc.length);
    for (const [i, g] of gcs.entries()) {
      const ev = run.events!.gc[i];
      expect(g.ts).toBeCloseTo(ev.tMs * 1000, 3);
      expect(g.dur).toBeCloseTo(ev.pauseUs, 3);
      const ttsp = onCollector.find((s) => s.name === 'time to safepoint' && Math.abs(s.ts - g.ts) < kEps)!;
      expect(ttsp.dur).toBeCloseTo(ev.ttspUs, 3);
      const work = onCollector.find((s) => s.name.endsWith(' work') && Math.abs(s.ts - (g.ts + ttsp.dur!)) < 0.002)!;
      expect(work.dur).toBeCloseTo(ev.workUs, 3);
      expect(work.ts + work.dur!).toBeLessThanOrEqual(g.ts + g.dur! + kEps);
    }
    expect(gcs.at(-1)!.name).toBe('GC(13) major (allocation-failure)');
    const requests = t.traceEvents.filter((e) => e.ph === 'i' && e.name === 'safepoint request');
    expect(requests).toHaveLength(run.events!.gc.length);
  });

  it('has nursery and old-space counters from the occupancy samples', () => {
    const run = passedRun();
    const t = parse(documentOf([run]));
    const nursery = t.traceEvents.filter((e) => e.ph === 'C' && e.name === 'nursery bytes');
    const old = t.traceEvents.filter((e) => e.ph === 'C' && e.name === 'old space bytes');
    expect(nursery).toHaveLength(run.events!.occupancy.length);
    expect(old).toHaveLength(run.events!.occupancy.length);
    expect(nursery[1].args).toEqual({ nursery: run.events!.occupancy[1].nurseryBytes });
  });

  it('carries a run without events and the diagnosis of a run that did not pass', () => {
    const t = parse(documentOf([failedRun(), hungRun()]));
    const runSlice = t.traceEvents.find((e) => e.ph === 'X' && e.pid === 1 && e.tid === 1)!;
    expect(runSlice.name).toBe('pin-under-evacuation seed=7 failed');
    expect(String(runSlice.args?.diagnosis)).toContain('first failure: movedWhilePinned');
    const hung = t.traceEvents.find((e) => e.ph === 'i' && e.pid === 2 && e.name === 'hung: self-deadlock')!;
    expect(String(hung.args?.message)).toContain('collector waits on gc_mutex');
  });

  it('writes each event as JSON.stringify writes the event buildTrace makes, one per line', () => {
    const doc = sampleDocument();
    const t = buildTrace(doc);
    const text = textOf(renderTrace(doc));
    expect(text.split('\n').slice(1, -2).map((l) => l.replace(/,$/, ''))).toEqual(t.traceEvents.map((e) => JSON.stringify(e)));
    expect(JSON.parse(text)).toEqual(t);
  });

  it('is deterministic', () => {
    expect(textOf(renderTrace(sampleDocument()))).toBe(textOf(renderTrace(sampleDocument())));
  });
});
