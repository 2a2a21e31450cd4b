// The one plain-text table renderer: the CLI's summary, compare, selftest and the benchmarks
// all print through it, so every terminal table aligns the same way.
import { describe, expect, it } from 'vitest';
import { summaryText } from '../cli/summary.ts';
import { RUN_COLUMNS } from '../reports/summary-columns.ts';
import { labelledTable, runsTable } from '../reports/table.ts';
import { textTable } from '../reports/text-table.ts';
import { hungRun, passedRun } from './fixtures/sample-results.ts';

describe('textTable', () => {
  it('aligns labels left and figures right under a rule, two spaces apart', () => {
    const text = textTable(labelledTable(['name', 'value'], [['a', '1'], ['longer', '12345']]), { title: 'T', notes: ['a note'] });
    expect(text.split('\n')).toEqual(['== T', 'name    value', '------  -----', 'a           1', 'longer  12345', '   a note']);
  });

  it('prints the CLI summary with the columns of summary.md and report.html', () => {
    const runs = [passedRun(), hungRun()];
    const lines = summaryText(runs).split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(RUN_COLUMNS.map((c) => c.header));
    expect(lines.slice(0, 4).join('\n')).toBe(textTable(runsTable(runs)));
    // After the table, each run that did not pass: name, diagnosis, repro.
    expect(lines[5]).toBe('nested-init seed=42 strategy=in-place: hung (self-deadlock)');
    expect(lines[6]).toMatch(/^  collector waits on gc_mutex/);
    expect(lines.at(-1)).toBe(`  repro: ${hungRun().repro}`);
  });
});
