// The columns of the runs table, shared by summary.md and report.html.
import type { RunResult } from '../harness/result.ts';
import { fmtCount, fmtDistribution, fmtMs, forbiddenCount } from './format.ts';

export interface Column {
  header: string;
  cell: (r: RunResult) => string;
  /** Sort key for the HTML table; numbers sort numerically. */
  key: (r: RunResult) => number | string;
}

export const RUN_COLUMNS: readonly Column[] = [
  { header: 'scenario', cell: (r) => r.scenario, key: (r) => r.scenario },
  { header: 'seed', cell: (r) => String(r.seed), key: (r) => r.seed },
  { header: 'strategy', cell: (r) => r.config.strategy, key: (r) => r.config.strategy },
  { header: 'status', cell: (r) => r.status, key: (r) => r.status },
  { header: 'iterations', cell: (r) => fmtCount(r.stats.iterations), key: (r) => r.stats.iterations },
  { header: 'minor / major GCs', cell: (r) => `${r.stats.minorCollections} / ${r.stats.majorCollections}`, key: (r) => r.stats.minorCollections + r.stats.majorCollections },
  { header: 'pause µs p50 / p99 / max', cell: (r) => fmtDistribution(r.stats.pause), key: (r) => r.stats.pause.p99 },
  { header: 'TTSP µs p50 / p99 / max', cell: (r) => fmtDistribution(r.stats.ttsp), key: (r) => r.stats.ttsp.p99 },
  { header: 'pins exercised', cell: (r) => fmtCount(r.stats.pinExercised), key: (r) => r.stats.pinExercised },
  { header: 'forbidden outcomes', cell: (r) => fmtCount(forbiddenCount(r)), key: (r) => forbiddenCount(r) },
  { header: 'duration', cell: (r) => fmtMs(r.durationMs), key: (r) => r.durationMs },
];
