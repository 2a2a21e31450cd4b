// summary.md: a runs table that survives any cell content, and for each run that did not
// pass its diagnosis and repro line; the capped variant for the GitHub job summary.
import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderStepSummary } from '../reports/index.ts';
import { escapeMarkdownCell, markdownCodeBlock } from '../reports/escape.ts';
import { documentOf, failedRun, hungRun, kNasty, passedRun, sampleDocument } from './fixtures/sample-results.ts';

/** Cells of a table row, splitting on pipes that are not escaped. */
function cells(row: string): string[] {
  return row.slice(2, -2).split(/(?<!\\) \| /);
}

function tableRows(md: string): string[] {
  return md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'));
}

describe('summary.md', () => {
  it('has one table row per run, every row as wide as the header', () => {
    const nastyRun = { ...passedRun(), scenario: `pipe|scenario ${kNasty}` };
    const doc = documentOf([nastyRun, hungRun(), failedRun()]);
    const md = renderMarkdown(doc);
    const rows = tableRows(md.split('## Runs that did not pass')[0]);
    expect(rows).toHaveLength(1 + doc.runs.length);
    const width = cells(rows[0]).length;
    expect(width).toBe(13);
    for (const r of rows) expect(cells(r)).toHaveLength(width);
    expect(rows[1]).toContain('pipe\\|scenario');
    expect(rows[1]).toContain('<br>');
    expect(rows[1]).not.toContain('<script>');
  });

  it('shows the columns asked for', () => {
    const md = renderMarkdown(documentOf([passedRun()]));
    const header = cells(tableRows(md)[0]);
    for (const h of ['scenario', 'status', 'iterations', 'throughput', 'minor / major GCs', 'pause p50 / p99 / max', 'TTSP p50 / p99 / max', 'pins exercised', 'forbidden outcomes', 'duration']) {
      expect(header).toContain(h);
    }
    const row = cells(tableRows(md)[1]);
    expect(row[header.indexOf('forbidden outcomes')]).toBe('0');
    const failed = cells(tableRows(renderMarkdown(documentOf([failedRun()])))[1]);
    expect(failed[header.indexOf('forbidden outcomes')]).toBe('5'); // 3 moved + 1 corrupted + 1 heap invalid
  });

  it('details every run that did not pass, and no run that did', () => {
    const md = renderMarkdown(sampleDocument());
    const failures = md.split('## Runs that did not pass')[1].split('## Strategies')[0];
    expect(failures.match(/^### /gm)).toHaveLength(3);
    expect(failures).toContain('Run 2: nested-init seed=42 — hung (self-deadlock)');
    expect(failures).toContain('lock: gc_mutex owned by collector');
    expect(failures).toContain('wait-for cycle: collector -> collector');
    expect(failures).toContain('path: minor_gc > EvacuationAllocator() > gc_init > lock(gc_mutex)');
    expect(failures).toContain('```sh\nnpx pinstress repro --scenario nested-init --seed 42');
    expect(failures).toContain('first failure: movedWhilePinned on mutator-2');
    expect(failures).toContain('error: ProtocolError [ERR_UNPIN_UNDERFLOW]');
    expect(failures).not.toContain('pin-churn seed=1');
    expect(renderMarkdown(documentOf([passedRun()]))).not.toContain('did not pass');
  });

  it('has a strategies table only when runs differ in nothing but the strategy', () => {
    expect(renderMarkdown(sampleDocument())).toContain('## Strategies: pin-pressure');
    expect(renderMarkdown(documentOf([passedRun(), hungRun()]))).not.toContain('## Strategies');
  });

  it('keeps code blocks closed whatever backticks a message holds', () => {
    const block = markdownCodeBlock('a ``` b ```` c');
    expect(block.startsWith('`````\n')).toBe(true);
    expect(block.endsWith('\n`````')).toBe(true);
    expect(escapeMarkdownCell('a|b\nc')).toBe('a\\|b<br>c');
  });

  it('is deterministic', () => {
    expect(renderMarkdown(sampleDocument())).toBe(renderMarkdown(sampleDocument()));
  });
});

describe('the GitHub job summary', () => {
  function bigDocument(): ReturnType<typeof documentOf> {
    const runs = Array.from({ length: 300 }, (_, i) => {
      const r = hungRun();
      r.seed = i;
      r.diagnosis = { ...r.diagnosis!, message: `${r.diagnosis!.message} ${'x'.repeat(2000)}` };
      return r;
    });
    return documentOf(runs);
  }

  it('stays under the cap and says what it left out', () => {
    const doc = bigDocument();
    expect(Buffer.byteLength(renderMarkdown(doc))).toBeGreaterThan(60 * 1024);
    const s = renderStepSummary(doc);
    expect(Buffer.byteLength(s)).toBeLessThanOrEqual(60 * 1024);
    expect(s).toMatch(/Truncated to fit the job summary: .* left out\. The full report is summary\.md\./);
    expect(renderStepSummary(doc, 8 * 1024).length).toBeLessThanOrEqual(8 * 1024);
  });

  it('folds long diagnoses but keeps the repro line in sight', () => {
    const r = hungRun();
    r.diagnosis = { ...r.diagnosis!, message: 'm'.repeat(3000) };
    const s = renderStepSummary(documentOf([r]));
    expect(s).toContain('<details><summary>Diagnosis: self-deadlock: mmm');
    expect(s).toMatch(/<\/details>\n\nRepro:\n\n```sh\nnpx pinstress repro --scenario nested-init/);
    expect(s).not.toContain('Truncated');
  });

  it('equals the full summary when it fits, but for folding', () => {
    const doc = documentOf([passedRun(), failedRun()]);
    expect(renderStepSummary(doc)).toBe(renderMarkdown(doc, { foldOver: 1500 }));
  });
});
