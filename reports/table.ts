// Tables as header + rows of plain-text cells; each format escapes them its own way.
import type { RunResult, ThreadDumpEntry } from '../harness/result.ts';
import { THREAD_DUMP_COLUMNS } from './diagnosis.ts';
import { STRATEGY_METRICS, type StrategyGroup } from './strategies.ts';
import { RUN_COLUMNS } from './summary-columns.ts';

export interface Table {
  headers: string[];
  numeric: boolean[];
  rows: string[][];
}

export function runsTable(runs: readonly RunResult[]): Table {
  return {
    headers: RUN_COLUMNS.map((c) => c.header),
    numeric: RUN_COLUMNS.map((c) => c.numeric),
    rows: runs.map((r) => RUN_COLUMNS.map((c) => c.cell(r))),
  };
}

export function strategyTable(g: StrategyGroup): Table {
  return {
    headers: ['strategy', 'status', ...STRATEGY_METRICS.map((m) => (m.unit ? `${m.name} (${m.unit})` : m.name))],
    numeric: [false, false, ...STRATEGY_METRICS.map(() => true)],
    rows: g.runs.map((r) => [r.config.strategy, r.status, ...STRATEGY_METRICS.map((m) => m.fmt(m.value(r)))]),
  };
}

export function threadDumpTable(dump: readonly ThreadDumpEntry[]): Table {
  return {
    headers: THREAD_DUMP_COLUMNS.map((c) => c.header),
    numeric: THREAD_DUMP_COLUMNS.map((c) => c.header === 'id' || c.header === 'iteration' || c.header === 'heartbeat' || c.header === 'pins held'),
    rows: dump.map((e) => THREAD_DUMP_COLUMNS.map((c) => c.cell(e))),
  };
}
