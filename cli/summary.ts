// What the commands print about their runs on a terminal: one line as each run ends, and after
// a suite the runs table (the same columns as summary.md and report.html) with a note per run
// that did not pass.
import type { RunResult } from '../harness/result.ts';
import { failureNotes } from '../reports/diagnosis.ts';
import { formatCount, formatDurationMs, formatDurationUs, formatRate } from '../reports/format.ts';
import { distinctRunLabels } from '../reports/run-labels.ts';
import { runsTable } from '../reports/table.ts';
import { textTable } from '../reports/text-table.ts';

export function runLine(r: RunResult): string {
  const s = r.stats;
  return `${r.status.toUpperCase().padEnd(7)} ${r.scenario} seed=${r.seed} ${formatCount(s.iterations)} it, ${formatRate(s.throughput)}, ` +
    `${s.minorCollections}+${s.majorCollections} GCs, pause p50 ${s.pause.count > 0 ? formatDurationUs(s.pause.p50) : '-'}, ${formatDurationMs(r.durationMs)}`;
}

export function summaryText(runs: readonly RunResult[]): string {
  return [textTable(runsTable(runs)), ...failureNotes(runs, distinctRunLabels(runs))].join('\n');
}
