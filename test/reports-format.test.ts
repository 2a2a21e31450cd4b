// One formatter per kind of figure, so the same figure reads the same in every output: the CLI's
// summary and run lines, summary.md, report.html, junit.xml and the gate.
import { describe, expect, it } from 'vitest';
import { runLine, summaryText } from '../cli/summary.ts';
import { formatBytes, formatChangePct, formatCount, formatDurationMs, formatDurationUs, formatHex, formatRate, formatRatio, formatSummary } from '../reports/format.ts';
import { renderHtml, renderJunit, renderMarkdown } from '../reports/index.ts';
import { documentOf, passedRun, stats } from './fixtures/sample-results.ts';

describe('formatters', () => {
  it('give durations three significant digits in the unit that keeps them short', () => {
    expect(formatDurationUs(1234.5)).toBe('1.23 ms');
    expect(formatDurationUs(0)).toBe('0 us');
    expect(formatDurationUs(0.5)).toBe('500 ns');
    expect(formatDurationUs(42.25)).toBe('42.3 us');
    expect(formatDurationUs(999.6)).toBe('1 ms'); // rounding does not leave "1000 us"
    expect(formatDurationUs(2_500_000)).toBe('2.5 s');
    expect(formatDurationMs(1911)).toBe('1.91 s');
    expect(formatDurationUs(Number.NaN)).toBe('-');
  });

  it('give sizes in binary units, rates compactly, changes signed', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(64 * 1024)).toBe('64 KiB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MiB');
    expect(formatBytes(139_200)).toBe('136 KiB');
    expect(formatRate(38_812)).toBe('38.8k/s');
    expect(formatRate(1_930_000)).toBe('1.93M/s');
    expect(formatRate(950)).toBe('950/s');
    expect(formatChangePct(-0.04)).toBe('+0.0%');
    expect(formatChangePct(-12.34)).toBe('-12.3%');
    expect(formatRatio(55, 100)).toBe('0.55x');
    expect(formatCount(2.5)).toBe('2.5');
    expect(formatSummary({ total: 1, passed: 1, failed: 0, hung: 0, crashed: 0, interrupted: 0 })).toBe('1 run: 1 passed, 0 failed, 0 hung, 0 crashed');
  });

  it('print heap words in hex as the runtime prints addresses: poison is 0xdeadbeef', () => {
    expect(formatHex(0xdeadbeef | 0)).toBe('0xdeadbeef');
    expect(formatHex(-559038737)).toBe('0xdeadbeef');
    expect(formatHex(0x1a40)).toBe('0x001a40');
  });
});

describe('a 1234.5 us pause', () => {
  const run = { ...passedRun(), stats: stats({ pause: { count: 1, p50: 1234.5, p99: 1234.5, max: 1234.5, mean: 1234.5 } }) };
  const doc = documentOf([run]);

  it('prints as 1.23 ms in every output', () => {
    // report.html keeps raw values as sort keys (data-key) beside the formatted cells.
    const html = renderHtml(doc).replace(/ data-key="[^"]*"/g, '');
    const outputs = { line: runLine(run), table: summaryText([run]), markdown: renderMarkdown(doc), html, junit: renderJunit(doc) };
    for (const [name, text] of Object.entries(outputs)) {
      expect(text, name).toContain('1.23 ms');
      expect(text, name).not.toMatch(/1\.2ms|1\.23ms|\b1235\b|1234\.5/);
    }
  });
});
