// The columns of the runs table, shared by summary.md and report.html.
import type { RunResult } from '../harness/result.ts';
import { fmtCount, fmtDistribution, fmtMs, forbiddenCount } from './format.ts';

export interface Column {
  header: string;
  cell: (r: RunResult) => string;
  /** Sort key for the HTML table; a number sorts numerically and aligns right. */
  key: (r: RunResult) => number | string;
  numeric: boolean;
}

function text(header: string, get: (r: RunResult) => string): Column {
  return { header, cell: get, key: get, numeric: false };
}

function num(header: string, cell: (r: RunResult) => string, key: (r: RunResult) => number): Column {
  return { header, cell, key, numeric: true };
}

export const RUN_COLUMNS: readonly Column[] = [
  text('scenario', (r) => r.scenario),
  num('seed', (r) => String(r.seed), (r) => r.seed),
  text('strategy', (r) => r.config.strategy),
  text('status', (r) => r.status),
  num('iterations', (r) => fmtCount(r.stats.iterations), (r) => r.stats.iterations),
  num('minor / major GCs', (r) => `${r.stats.minorCollections} / ${r.stats.majorCollections}`, (r) => r.stats.minorCollections + r.stats.majorCollections),
  num('pause µs p50 / p99 / max', (r) => fmtDistribution(r.stats.pause), (r) => r.stats.pause.p99),
  num('TTSP µs p50 / p99 / max', (r) => fmtDistribution(r.stats.ttsp), (r) => r.stats.ttsp.p99),
  num('pins exercised', (r) => fmtCount(r.stats.pinExercised), (r) => r.stats.pinExercised),
  num('forbidden outcomes', (r) => fmtCount(forbiddenCount(r)), forbiddenCount),
  num('duration', (r) => fmtMs(r.durationMs), (r) => r.durationMs),
];
