// The columns of the runs table, shared by the CLI's summary, summary.md and report.html.
import type { RunResult } from '../harness/result.ts';
import { formatCount, formatDistributionUs, formatDurationMs, formatDurationUs, formatRate, forbiddenCount } from './format.ts';

export interface Column {
  header: string;
  cell: (r: RunResult) => string;
  /** Sort key for the HTML table; a number sorts numerically. */
  key: (r: RunResult) => number | string;
  numeric: boolean; // aligns right
}

function text(header: string, get: (r: RunResult) => string): Column {
  return { header, cell: get, key: get, numeric: false };
}

function num(header: string, cell: (r: RunResult) => string, key: (r: RunResult) => number): Column {
  return { header, cell, key, numeric: true };
}

// Named, so that report.html can decorate these two (a link, a badge) by identity.
export const kScenarioColumn = text('scenario', (r) => r.scenario);
export const kStatusColumn = text('status', (r) => r.status);

/** When collections are forced, and how the schedule is perturbed: what tells a suite's runs of one scenario apart. */
export function scheduleLabel(r: RunResult): string {
  const s = r.config.schedule;
  const parts = [
    ...(s.everySafepoint ? ['every safepoint'] : []),
    ...(s.everyAllocs > 0 ? [`every ${formatCount(s.everyAllocs)} allocs`] : []),
    ...(s.everyUs > 0 ? [`every ${formatDurationUs(s.everyUs)}`] : []),
  ];
  return [parts.length ? parts.join(', ') : 'on demand', ...(r.config.perturb !== 'none' ? [r.config.perturb] : [])].join(' + ');
}

export const RUN_COLUMNS: readonly Column[] = [
  kScenarioColumn,
  num('seed', (r) => String(r.seed), (r) => r.seed),
  text('strategy', (r) => r.config.strategy),
  text('schedule', scheduleLabel),
  kStatusColumn,
  num('iterations', (r) => formatCount(r.stats.iterations), (r) => r.stats.iterations),
  num('throughput', (r) => formatRate(r.stats.throughput), (r) => r.stats.throughput),
  num('minor / major GCs', (r) => `${r.stats.minorCollections} / ${r.stats.majorCollections}`, (r) => r.stats.minorCollections + r.stats.majorCollections),
  num('pause p50 / p99 / max', (r) => formatDistributionUs(r.stats.pause), (r) => r.stats.pause.p99),
  num('TTSP p50 / p99 / max', (r) => formatDistributionUs(r.stats.ttsp), (r) => r.stats.ttsp.p99),
  num('pins exercised', (r) => formatCount(r.stats.pinExercised), (r) => r.stats.pinExercised),
  num('forbidden outcomes', (r) => formatCount(forbiddenCount(r)), forbiddenCount),
  num('duration', (r) => formatDurationMs(r.durationMs), (r) => r.durationMs),
];
