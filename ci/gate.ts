// The regression gate: a results document against a baseline. Correctness is absolute (any
// forbidden outcome, hang, crash or failure fails, in every scenario, baselined or not);
// performance is relative to the baseline, within the noise its own samples showed
// (see the tolerance rule in baseline.ts).
import type { ResultsDocument, RunResult } from '../harness/result.ts';
import { type Baseline, type MetricBaseline, type MetricLimit, pauseLimit, throughputLimit } from './baseline.ts';
import { runsByVariant, scenarioFigures } from './figures.ts';
import { compareCodeUnits } from '../reports/canonical.ts';
import { formatChangePct, formatDurationUs, formatRate } from '../reports/format.ts';
import { forbiddenCounts } from './results-schema.ts';
import { changePct } from './stats.ts';

export type CheckName = 'present' | 'status' | 'outcomes' | 'throughput' | 'pauseP99';
export type CheckState = 'passed' | 'failed';

export interface GateCheck {
  scenario: string;
  check: CheckName;
  state: CheckState;
  message: string; // without the verdict: formatGateReport appends it
  baseline?: number; // the baseline median
  actual?: number; // the median over the scenario's passed runs
  limit?: number;
  changePct?: number; // actual vs baseline
  limitPct?: number; // limit vs baseline
}

interface GateCommon {
  checks: GateCheck[];
  notes: string[]; // context that does not decide the verdict
  rule: string;
}
export type GateReport = (GateCommon & { state: 'passed' }) | (GateCommon & { state: 'failed'; failed: GateCheck[] });

export function gate(baseline: Baseline, doc: ResultsDocument): GateReport {
  const groups = runsByVariant(doc.runs);
  const names = [...new Set([...Object.keys(baseline.scenarios), ...groups.keys()])].sort(compareCodeUnits);
  const checks: GateCheck[] = [];
  const notes: string[] = [];
  for (const name of names) {
    const runs = groups.get(name);
    const base = baseline.scenarios[name];
    if (runs === undefined) {
      checks.push({ scenario: name, check: 'present', state: 'failed', message: `${name} is in the baseline but did not run` });
      continue;
    }
    checks.push(statusCheck(name, runs), outcomesCheck(name, runs));
    if (base === undefined) {
      notes.push(`${name} has no baseline: its correctness is checked, its performance is not.`);
      continue;
    }
    const figures = scenarioFigures(runs);
    if (figures === null) continue; // no passed run to time; the status check has failed already
    checks.push(
      metricCheck(name, 'throughput', base.throughput, figures.throughput, throughputLimit(base.throughput, baseline.rule), 'min'),
      metricCheck(name, 'pauseP99', base.pauseP99Us, figures.pauseP99Us, pauseLimit(base.pauseP99Us, baseline.rule), 'max'),
    );
  }
  const bh = baseline.host;
  const rh = doc.host;
  if (bh.platform !== rh.platform || bh.arch !== rh.arch || bh.cpus !== rh.cpus) {
    notes.push(`The baseline was taken on ${bh.platform}/${bh.arch} with ${bh.cpus} cpus and these results on ${rh.platform}/${rh.arch} with ${rh.cpus} cpus, so performance limits may not apply.`);
  }
  const failed = checks.filter((c) => c.state === 'failed');
  const common = { checks, notes, rule: baseline.rule.text };
  return failed.length === 0 ? { state: 'passed', ...common } : { state: 'failed', failed, ...common };
}

function statusCheck(name: string, runs: RunResult[]): GateCheck {
  const bad = runs.filter((r) => r.status !== 'passed');
  if (bad.length === 0) return { scenario: name, check: 'status', state: 'passed', message: `${name} runs: ${runs.length} of ${runs.length} passed` };
  const which = bad.map((r) => `seed ${r.seed}${r.shard === undefined ? '' : ` (shard ${r.shard})`} ${r.status}${r.diagnosis ? ` (${r.diagnosis.kind})` : ''}`);
  return {
    scenario: name,
    check: 'status',
    state: 'failed',
    message: `${name} runs: ${which.join(', ')}; ${runs.length - bad.length} of ${runs.length} passed; reproduce with: ${bad[0].repro}`,
  };
}

function outcomesCheck(name: string, runs: RunResult[]): GateCheck {
  const seen = runs.flatMap((r) => forbiddenCounts(r.outcomes).map(([outcome, n]) => `${outcome} ${n} (seed ${r.seed})`));
  return seen.length === 0
    ? { scenario: name, check: 'outcomes', state: 'passed', message: `${name} forbidden outcomes: none in ${runs.length} runs` }
    : { scenario: name, check: 'outcomes', state: 'failed', message: `${name} forbidden outcomes: ${seen.join(', ')}` };
}

function metricCheck(name: string, check: 'throughput' | 'pauseP99', base: MetricBaseline, actual: number, lim: MetricLimit, bound: 'min' | 'max'): GateCheck {
  const fmt = check === 'throughput' ? formatRate : formatDurationUs;
  const label = check === 'throughput' ? 'throughput' : 'pause p99';
  const change = changePct(actual, base.median);
  const ok = bound === 'min' ? actual >= lim.limit : actual <= lim.limit;
  return {
    scenario: name,
    check,
    state: ok ? 'passed' : 'failed',
    message: `${name} ${label} ${fmt(actual)} vs baseline ${fmt(base.median)} (${formatChangePct(change)}, limit ${formatChangePct(lim.limitPct)})`,
    baseline: base.median,
    actual,
    limit: lim.limit,
    changePct: change,
    limitPct: lim.limitPct,
  };
}

/** The report as printed by `pinstress gate`: every check, notes, then the verdict. */
export function formatGateReport(r: GateReport): string {
  const lines = [`rule: ${r.rule}`, ...r.checks.map((c) => `${c.message}: ${c.state === 'passed' ? 'passed' : 'FAILED'}`)];
  for (const n of r.notes) lines.push(`note: ${n}`);
  if (r.state === 'passed') {
    lines.push(`gate passed: ${r.checks.length} checks`);
  } else {
    lines.push(`gate FAILED: ${r.failed.length} of ${r.checks.length} checks failed`);
    for (const c of r.failed) lines.push(`  ${c.message}`);
  }
  return lines.join('\n');
}
