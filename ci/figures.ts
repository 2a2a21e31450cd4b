// The two performance figures of a run variant, taken the same way for a baseline repetition and
// for a results document under the gate: the median over the variant's passed runs (one per
// seed), so one unlucky seed does not move the figure. A variant is a scenario under one
// configuration: the default suite runs pin-nesting three ways (in place, copy-on-pin, a collection
// at every safepoint), and their timings must never be pooled into one median.
import type { RunResult } from '../harness/result.ts';
import { median } from '../harness/distribution.ts';
import { RUN_OPTIONS } from '../harness/run-options.ts';
import { compareCodeUnits } from '../reports/canonical.ts';

export interface ScenarioFigures {
  throughput: number; // iterations/s
  pauseP99Us: number;
  runs: number; // passed runs the medians are taken over
}

/**
 * The name a baseline and the gate know a run by: its scenario, plus every setting but the seed
 * that changes what the run does rather than how long it is, e.g. "pin-nesting [copy-on-pin]" or
 * "ffi-blocking [jitter]". A plain run is known by its scenario's name alone.
 */
export function variantOf(r: RunResult): string {
  const c = r.config;
  const d = (k: 'strategy' | 'perturb' | 'mutex'): unknown => RUN_OPTIONS[k].default;
  const settings = [
    ...(c.strategy !== d('strategy') ? [c.strategy] : []),
    ...(c.schedule.everySafepoint ? ['every safepoint'] : []),
    ...(c.perturb !== d('perturb') ? [c.perturb] : []),
    ...(c.mutex !== d('mutex') ? [`mutex ${c.mutex}`] : []),
    ...(c.fault.length > 0 ? [`fault ${[...c.fault].sort().join('+')}`] : []),
    ...(c.runtime ? [`runtime ${c.runtime}`] : []),
  ];
  return settings.length > 0 ? `${r.scenario} [${settings.join(', ')}]` : r.scenario;
}

/** Runs grouped by variant (variantOf), variants in code-unit order. */
export function runsByVariant(runs: readonly RunResult[]): Map<string, RunResult[]> {
  const groups = new Map<string, RunResult[]>();
  for (const r of runs) {
    const k = variantOf(r);
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [r]);
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
