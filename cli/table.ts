// The summary table printed at the end of a suite.
import { forbiddenCount, type RunResult } from '../harness/result.ts';

const fmt = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(1)}k` : String(Math.round(n)));
const us = (n: number): string => (n >= 1000 ? `${(n / 1000).toFixed(1)}ms` : `${n.toFixed(0)}us`);


export function runLine(r: RunResult): string {
  return `${r.status.toUpperCase().padEnd(7)} ${r.scenario} seed=${r.seed} ${fmt(r.stats.iterations)} it, ${fmt(r.stats.throughput)} it/s, ` +
    `${r.stats.minorCollections}+${r.stats.majorCollections} GCs, pause p50 ${us(r.stats.pause.p50)}, ${r.durationMs} ms`;
}

export function summaryTable(runs: RunResult[]): string {
  const head = ['scenario', 'seed', 'status', 'iterations', 'it/s', 'minor', 'major', 'pause p50/p99/max', 'ttsp p50/p99', 'exercised', 'forbidden', 'ms'];
  const rows = runs.map((r) => [
    r.scenario, String(r.seed), r.status, fmt(r.stats.iterations), fmt(r.stats.throughput), String(r.stats.minorCollections),
    String(r.stats.majorCollections), `${us(r.stats.pause.p50)}/${us(r.stats.pause.p99)}/${us(r.stats.pause.max)}`,
    `${us(r.stats.ttsp.p50)}/${us(r.stats.ttsp.p99)}`, fmt(r.outcomes.pinExercised), String(forbiddenCount(r)), String(r.durationMs),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const out = [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  for (const r of runs) {
    if (r.status === 'passed' || !r.diagnosis) continue;
    out.push('', `${r.scenario} seed=${r.seed}: ${r.status} (${r.diagnosis.kind})`, `  ${r.diagnosis.message}`, `  repro: ${r.repro}`);
  }
  return out.join('\n');
}
