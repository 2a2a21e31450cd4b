import { describe, expect, it } from 'vitest';
import { buildBaseline } from '../ci/baseline.ts';
import { formatGateReport, gate, type GateReport } from '../ci/gate.ts';
import type { ResultsDocument } from '../harness/result.ts';
import { makeDoc, makeRun, mapRuns, profile, repetitions, suiteDoc } from './fixtures/ci-docs.ts';

const docs = repetitions(5);
const baseline = buildBaseline(docs);
const fresh = suiteDoc(6);

const failedChecks = (r: GateReport) => (r.state === 'failed' ? r.failed.map((c) => `${c.scenario} ${c.check}`) : []);
const scale = (doc: ResultsDocument, scenario: string, throughput: number, pause = 1) =>
  mapRuns(doc, (r) => (r.scenario === scenario ? { ...r, stats: { ...r.stats, throughput: r.stats.throughput * throughput, pause: { ...r.stats.pause, p99: r.stats.pause.p99 * pause } } } : r));

describe('gate', () => {
  it('passes every repetition the baseline was built from, and a new one as noisy', () => {
    for (const doc of [...docs, fresh]) {
      const r = gate(baseline, doc);
      expect(failedChecks(r)).toEqual([]);
      expect(r.state).toBe('passed');
    }
    const r = gate(baseline, fresh);
    // Per scenario: status, outcomes, throughput, pause p99.
    expect(r.checks).toHaveLength(3 * 4);
    expect(formatGateReport(r)).toMatch(/\ngate passed: 12 checks$/);
  });

  it('fails on a forbidden outcome, even in a run whose status says passed', () => {
    const doc = mapRuns(fresh, (r) => (r.scenario === 'pin-concurrent' && r.seed === 2 ? { ...r, outcomes: { ...r.outcomes, movedWhilePinned: 3 } } : r));
    const r = gate(baseline, doc);
    expect(failedChecks(r)).toEqual(['pin-concurrent outcomes']);
    expect(formatGateReport(r)).toContain('pin-concurrent forbidden outcomes: movedWhilePinned 3 (seed 2): FAILED');
  });

  it('fails on a hung run and says how to reproduce it', () => {
    const p = profile('deadlock-regression');
    const doc = mapRuns(fresh, (r) => (r.scenario === p.name && r.seed === 3 ? makeRun(p, 3, { status: 'hung', shard: '2/3' }) : r));
    const r = gate(baseline, doc);
    expect(failedChecks(r)).toEqual(['deadlock-regression status']);
    const text = formatGateReport(r);
    expect(text).toContain('deadlock-regression runs: seed 3 (shard 2/3) hung (self-deadlock); 2 of 3 passed; reproduce with: npx pinstress repro deadlock-regression --seed 3: FAILED');
    expect(text).toMatch(/\ngate FAILED: 1 of 12 checks failed\n/);
  });

  it('fails on crashed and failed runs too', () => {
    const doc = mapRuns(fresh, (r) => (r.scenario === 'pin-nested' ? { ...r, status: r.seed === 1 ? 'crashed' : 'failed' } : r));
    const r = gate(baseline, doc);
    // No run passed, so there are no timings to compare: only the status check fails.
    expect(failedChecks(r)).toEqual(['pin-nested status']);
    expect(r.checks.filter((c) => c.scenario === 'pin-nested').map((c) => c.check)).toEqual(['status', 'outcomes']);
  });

  it('fails when a baselined scenario did not run', () => {
    const doc = makeDoc(fresh.runs.filter((r) => r.scenario !== 'pin-nested'));
    const r = gate(baseline, doc);
    expect(failedChecks(r)).toEqual(['pin-nested present']);
    expect(formatGateReport(r)).toContain('pin-nested is in the baseline but did not run: FAILED');
  });

  it('fails on a 50% throughput drop and says by how much', () => {
    const r = gate(baseline, scale(fresh, 'pin-concurrent', 0.5));
    expect(failedChecks(r)).toEqual(['pin-concurrent throughput']);
    const check = r.checks.find((c) => c.scenario === 'pin-concurrent' && c.check === 'throughput')!;
    expect(check.changePct).toBeCloseTo(-50, 0);
    expect(check.limit).toBeCloseTo(baseline.scenarios['pin-concurrent'].throughput.median * (1 + check.limitPct! / 100), 6);
    expect(formatGateReport(r)).toMatch(/\npin-concurrent throughput 9\d\dk\/s vs baseline 1\.9\dM\/s \(-5\d\.\d%, limit -\d+\.\d%\): FAILED\n/);
  });

  it('fails when pause p99 rises past its limit', () => {
    const r = gate(baseline, scale(fresh, 'pin-nested', 1, 2));
    expect(failedChecks(r)).toEqual(['pin-nested pauseP99']);
    expect(formatGateReport(r)).toMatch(/pin-nested pause p99 8\d\d us vs baseline 4\d\d us \(\+\d+\.\d%, limit \+25\.0%\): FAILED/);
  });

  it('compares the median of a scenario\'s seeds, so one slow seed does not fail it', () => {
    const doc = mapRuns(fresh, (r) => (r.scenario === 'pin-concurrent' && r.seed === 1 ? { ...r, stats: { ...r.stats, throughput: r.stats.throughput / 2 } } : r));
    expect(gate(baseline, doc).state).toBe('passed');
  });

  it('checks correctness of scenarios without a baseline and notes that it skipped their performance', () => {
    const extra = { ...profile('pin-nested'), name: 'large-object' };
    const doc = makeDoc([...fresh.runs, makeRun(extra, 1), makeRun(extra, 2, { status: 'crashed' })]);
    const r = gate(baseline, doc);
    expect(failedChecks(r)).toEqual(['large-object status']);
    expect(r.notes).toEqual(['large-object has no baseline: its correctness is checked, its performance is not.']);
  });

  it('notes when the results come from a different machine', () => {
    const r = gate(baseline, { ...fresh, host: { ...fresh.host, cpus: 4 } });
    expect(r.state).toBe('passed');
    expect(formatGateReport(r)).toMatch(/note: The baseline was taken on linux\/x64 with 2 cpus and these results on linux\/x64 with 4 cpus/);
  });
});
