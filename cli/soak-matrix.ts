// The pure parts of `pinstress soak`: the run matrix (seeds cycled across suite entries x
// perturbation modes) and the summary of what came out. No runs start here.
import { median } from '../harness/distribution.ts';
import type { RunConfig, RunResult } from '../harness/result.ts';
import type { SuiteEntry, SuiteItem } from '../harness/suite.ts';
import { canonicalJson } from '../reports/canonical.ts';

export type PerturbMode = RunConfig['perturb'];

/** About 1.5 s a run on the 2-core machine: 200 runs take about five minutes. */
export const kDefaultSoakRuns = 200;

/**
 * The distinct (entry, perturbation) pairs, perturbations turning slowest. An entry that already
 * sets a perturbation (the default suite's ffi-blocking with jitter) is the same run as the plain
 * entry under that mode: it is kept once, so no configuration is soaked twice as often as the rest.
 */
export function soakPairs(entries: readonly SuiteEntry[], perturbs: readonly PerturbMode[]): SuiteEntry[] {
  const seen = new Map<string, SuiteEntry>();
  for (const perturb of perturbs) {
    for (const e of entries) {
      const pair = { scenario: e.scenario, overrides: { ...e.overrides, perturb } };
      const key = canonicalJson(pair);
      if (!seen.has(key)) seen.set(key, pair);
    }
  }
  return [...seen.values()];
}

/** Run i gets seed firstSeed + i and the (i mod pairs)-th of soakPairs. */
export function soakMatrix(entries: readonly SuiteEntry[], perturbs: readonly PerturbMode[], runs: number, firstSeed: number): SuiteItem[] {
  const pairs = soakPairs(entries, perturbs);
  return Array.from({ length: pairs.length ? runs : 0 }, (_, i) => ({ ...pairs[i % pairs.length], seed: (firstSeed + i) >>> 0 }));
}

export interface SoakSummary {
  runs: number;
  passed: number;
  failed: number;
  /** "status/diagnosis kind" -> count, for the runs that did not pass. */
  byClass: Record<string, number>;
  totalMs: number;
  medianRunMs: number;
  /** Distinct (entry, perturbation) pairs the runs covered, out of soakPairs'. */
  pairsCovered: number;
  pairs: number;
  entries: number;
  perturbs: number;
  firstSeed: number;
  lastSeed: number;
}

export function summarizeSoak(runs: readonly RunResult[], o: { pairs: number; entries: number; perturbs: number; firstSeed: number }, totalMs: number): SoakSummary {
  const failures = runs.filter((r) => r.status !== 'passed');
  const byClass: Record<string, number> = {};
  for (const r of failures) {
    const c = `${r.status}/${r.diagnosis?.kind ?? 'unknown'}`;
    byClass[c] = (byClass[c] ?? 0) + 1;
  }
  const pairs = o.pairs;
  return {
    runs: runs.length,
    passed: runs.length - failures.length,
    failed: failures.length,
    byClass,
    totalMs: Math.round(totalMs),
    medianRunMs: Math.round(median(runs.map((r) => r.durationMs))),
    // Run i covers pair i mod pairs (soakMatrix), also when a round repeats on fresh seeds.
    pairsCovered: Math.min(runs.length, pairs),
    pairs,
    entries: o.entries,
    perturbs: o.perturbs,
    firstSeed: o.firstSeed,
    lastSeed: runs.length ? runs[runs.length - 1].seed : o.firstSeed,
  };
}

/** One paragraph: what ran (truthfully: the pairs covered, not the matrix's size) and how it went. */
export function formatSoakSummary(s: SoakSummary): string {
  const classes = Object.entries(s.byClass).map(([c, n]) => `${c} ${n}`).join(', ');
  const matrix = `${s.entries} suite entries x ${s.perturbs} perturbation modes`;
  const covered = s.pairsCovered === s.pairs ? `every one of the ${s.pairs} distinct pairs of ${matrix}` : `${s.pairsCovered} of the ${s.pairs} distinct pairs of ${matrix}`;
  return [
    `soak: ${s.runs} runs (seeds ${s.firstSeed}..${s.lastSeed}; ${covered}), ${s.passed} passed, ${s.failed} failed${classes ? ` (${classes})` : ''}`,
    `time: ${(s.totalMs / 1000).toFixed(1)} s in total, ${s.medianRunMs} ms median per run`,
  ].join('\n');
}
