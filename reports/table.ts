// Tables as header + rows of plain-text cells; each format (text, Markdown, HTML) renders and
// escapes them its own way.
import type { RunResult, ThreadDumpEntry } from '../harness/result.ts';
import { THREAD_DUMP_COLUMNS, threadDumpCells } from './diagnosis.ts';
import { STRATEGY_METRICS, type StrategyGroup } from './strategies.ts';
import { RUN_COLUMNS } from './summary-columns.ts';

export interface Table {
  headers: string[];
  numeric: boolean[];
  rows: string[][];
  /** Per cell, the raw value to sort by (report.html); absent for tables nobody sorts. */
  keys?: (number | string)[][];
}

/** A table whose first column names the row and whose other columns are figures. */
export function labelledTable(headers: string[], rows: string[][]): Table {
  return { headers, numeric: headers.map((_, i) => i > 0), rows };
}

export function runsTable(runs: readonly RunResult[]): Table {
  return {
    headers: RUN_COLUMNS.map((c) => c.header),
    numeric: RUN_COLUMNS.map((c) => c.numeric),
    rows: runs.map((r) => RUN_COLUMNS.map((c) => c.cell(r))),
    keys: runs.map((r) => RUN_COLUMNS.map((c) => c.key(r))),
  };
}

export function strategyTable(g: StrategyGroup): Table {
  return {
    headers: ['strategy', 'status', ...STRATEGY_METRICS.map((m) => m.name)],
    numeric: [false, false, ...STRATEGY_METRICS.map(() => true)],
    rows: g.runs.map((r) => [r.config.strategy, r.status, ...STRATEGY_METRICS.map((m) => m.format(m.value(r)))]),
  };
}

export function threadDumpTable(dump: readonly ThreadDumpEntry[]): Table {
  return {
    headers: THREAD_DUMP_COLUMNS.map((c) => c.header),
    numeric: THREAD_DUMP_COLUMNS.map((c) => c.numeric),
    rows: threadDumpCells(dump),
  };
}
