// The two performance figures of a scenario, taken the same way for a baseline repetition and
// for a results document under the gate: the median over the scenario's passed runs (one per
// seed, or per strategy), so one unlucky seed does not move the figure.
import type { RunResult } from '../harness/result.ts';
import { median } from '../harness/distribution.ts';
import { compareCodeUnits } from '../reports/canonical.ts';

export interface ScenarioFigures {
  throughput: number; // iterations/s
  pauseP99Us: number;
  runs: number; // passed runs the medians are taken over
}

/** Runs grouped by scenario, scenarios in code-unit order. */
export function runsByScenario(runs: readonly RunResult[]): Map<string, RunResult[]> {
  const groups = new Map<string, RunResult[]>();
  for (const r of runs) {
    const g = groups.get(r.scenario);
    if (g === undefined) groups.set(r.scenario, [r]);
    else g.push(r);
  }
  return new Map([...groups].sort(([a], [b]) => compareCodeUnits(a, b)));
}

/** null when no run of the scenario passed: a failed or hung run's timing means nothing. */
export function scenarioFigures(runs: readonly RunResult[]): ScenarioFigures | null {
  const passed = runs.filter((r) => r.status === 'passed');
  if (passed.length === 0) return null;
  return {
    throughput: median(passed.map((r) => r.stats.throughput)),
    pauseP99Us: median(passed.map((r) => r.stats.pause.p99)),
    runs: passed.length,
  };
}
