// trace.json puts runs on one clock: each run's process starts at the run's real start, so runs
// that ran one after another do not look concurrent; and the collector's track shows a
// collection that never finished as a slice to the end of the run.
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../harness/result.ts';
import { buildTrace } from '../reports/index.ts';
import { documentOf, failedRun, hungRun, passedRun } from './fixtures/sample-results.ts';

function runSlice(doc: ReturnType<typeof documentOf>, pid: number) {
  return buildTrace(doc).traceEvents.find((e) => e.ph === 'X' && e.pid === pid && e.cat === 'run')!;
}

describe('trace.json timing', () => {
  it('starts each run at its real start', () => {
    const a = passedRun();
    const b: RunResult = { ...passedRun(), seed: 2, events: { ...passedRun().events!, startMs: a.events!.startMs + 5000 } };
    const doc = documentOf([a, b]);
    expect(runSlice(doc, 1).ts).toBe(0);
    expect(runSlice(doc, 2).ts).toBe(5_000_000);
    const gc = buildTrace(doc).traceEvents.filter((e) => e.pid === 2 && e.name.startsWith('GC('));
    expect(gc[0].ts).toBeCloseTo(5_000_000 + b.events!.gc[0].tMs * 1000, 3);
  });

  it('places a run recorded without events where the run before it ended', () => {
    const a = passedRun();
    const doc = documentOf([a, failedRun()]);
    expect(runSlice(doc, 2).ts).toBeCloseTo(a.durationMs * 1000, 3);
  });

  it('gives the collector a track even when no collection finished, with the unfinished one on it', () => {
    const r = hungRun();
    r.events!.gcOpen = { kind: 'minor', reason: 'allocation-failure', tMs: 31.2 };
    const t = buildTrace(documentOf([r]));
    const collector = t.traceEvents.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'collector')!;
    const slices = t.traceEvents.filter((e) => e.ph === 'X' && e.tid === collector.tid);
    expect(slices).toHaveLength(1);
    expect(slices[0]).toMatchObject({ name: 'minor GC (allocation-failure) unfinished', ts: 31_200 });
    expect(slices[0].ts + slices[0].dur!).toBeCloseTo(r.durationMs * 1000, 3);
    expect(slices[0].args?.unfinished).toBe(true);
  });
});
