// Runs of one scenario whose configurations differ only in the pinning strategy: the set the
// "strategies" comparison is drawn from.
import type { RunConfig, RunResult } from '../harness/result.ts';
import { canonicalJson } from './canonical.ts';
import { formatBytes, formatCount, formatDurationUs, formatRate, forbiddenCount } from './format.ts';

export interface StrategyGroup {
  scenario: string;
  runs: RunResult[]; // in document order
}

export interface StrategyMetric {
  name: string;
  value: (r: RunResult) => number;
  format: (v: number) => string; // with its unit
  /** Whether a larger value is better, for the reader's benefit only. */
  higherIsBetter: boolean;
}

export const STRATEGY_METRICS: readonly StrategyMetric[] = [
  { name: 'throughput', value: (r) => r.stats.throughput, format: formatRate, higherIsBetter: true },
  { name: 'pause p99', value: (r) => r.stats.pause.p99, format: formatDurationUs, higherIsBetter: false },
  { name: 'gc-locker wait', value: (r) => r.stats.gcLockerWaitUs, format: formatDurationUs, higherIsBetter: false },
  { name: 'copied at pin', value: (r) => r.stats.pinCopyBytes, format: formatBytes, higherIsBetter: false },
  { name: 'retained', value: (r) => r.stats.retainedBytes, format: formatBytes, higherIsBetter: false },
  { name: 'max retained', value: (r) => r.stats.maxRetainedBytes, format: formatBytes, higherIsBetter: false },
  { name: 'alloc failures', value: (r) => r.stats.allocFailures, format: formatCount, higherIsBetter: false },
  { name: 'forbidden outcomes', value: forbiddenCount, format: formatCount, higherIsBetter: false },
];

function configWithoutStrategy(c: RunConfig): string {
  const { strategy: _ignored, ...rest } = c;
  return canonicalJson(rest);
}

/** Groups of two or more runs that share everything but config.strategy, with at least two strategies. */
export function strategyGroups(runs: readonly RunResult[]): StrategyGroup[] {
  const byKey = new Map<string, StrategyGroup>();
  for (const r of runs) {
    const key = `${r.scenario}\u0000${configWithoutStrategy(r.config)}`;
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { scenario: r.scenario, runs: [] }));
    g.runs.push(r);
  }
  return [...byKey.values()].filter((g) => new Set(g.runs.map((r) => r.config.strategy)).size >= 2);
}
