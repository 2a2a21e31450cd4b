// Runs of one scenario whose configurations differ only in the pinning strategy: the set the
// "strategies" comparison is drawn from.
import type { RunConfig, RunResult } from '../harness/result.ts';
import { fixed, fmtBytes, fmtCount, fmtUs, forbiddenCount } from './format.ts';

export interface StrategyGroup {
  scenario: string;
  runs: RunResult[]; // in document order
}

export interface StrategyMetric {
  name: string;
  unit: string;
  value: (r: RunResult) => number;
  fmt: (v: number) => string;
  /** Whether a larger value is better, for the reader's benefit only. */
  higherIsBetter: boolean;
}

export const STRATEGY_METRICS: readonly StrategyMetric[] = [
  { name: 'throughput', unit: 'it/s', value: (r) => r.stats.throughput, fmt: (v) => fixed(v, 0), higherIsBetter: true },
  { name: 'pause p99', unit: 'µs', value: (r) => r.stats.pause.p99, fmt: fmtUs, higherIsBetter: false },
  { name: 'gcLockerWaitUs', unit: 'µs', value: (r) => r.stats.gcLockerWaitUs, fmt: fmtUs, higherIsBetter: false },
  { name: 'pinCopyBytes', unit: 'B', value: (r) => r.stats.pinCopyBytes, fmt: fmtBytes, higherIsBetter: false },
  { name: 'retainedBytes', unit: 'B', value: (r) => r.stats.retainedBytes, fmt: fmtBytes, higherIsBetter: false },
  { name: 'maxRetainedBytes', unit: 'B', value: (r) => r.stats.maxRetainedBytes, fmt: fmtBytes, higherIsBetter: false },
  { name: 'allocFailures', unit: '', value: (r) => r.stats.allocFailures, fmt: fmtCount, higherIsBetter: false },
  { name: 'forbidden outcomes', unit: '', value: forbiddenCount, fmt: fmtCount, higherIsBetter: false },
];

/** JSON with sorted keys, so that two configurations compare equal whatever their key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function configWithoutStrategy(c: RunConfig): string {
  const { strategy: _ignored, ...rest } = c;
  return canonical(rest);
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
