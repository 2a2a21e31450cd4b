// The plain-text rendering of a Table, for terminals: the CLI's summary, the compare and
// selftest tables, and the benchmarks. Figures align right, labels left, two spaces apart.
import type { Table } from './table.ts';

export interface TextTableOptions {
  title?: string; // a "== title" line above the table
  notes?: readonly string[]; // indented lines below it
}

export function textTable(t: Table, o: TextTableOptions = {}): string {
  const widths = t.headers.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    widths.map((w, i) => (t.numeric[i] ? (cells[i] ?? '').padStart(w) : (cells[i] ?? '').padEnd(w))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [...(o.title ? [`== ${o.title}`] : []), line(t.headers), rule, ...t.rows.map(line), ...(o.notes ?? []).map((n) => `   ${n}`)].join('\n');
}
