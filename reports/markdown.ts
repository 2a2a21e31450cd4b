// summary.md: the runs table and, for every run that did not pass, its diagnosis and repro line.
// The same text (capped) becomes the GitHub Actions job summary.
import type { ResultsDocument, RunResult } from '../harness/result.ts';
import { failureHeadline, failureText } from './diagnosis.ts';
import { escapeMarkdownCell, markdownCodeBlock } from './escape.ts';
import { strategyGroups } from './strategies.ts';
import { runsTable, strategyTable, threadDumpTable, type Table } from './table.ts';
import { formatSummary, runLabel } from './format.ts';

const kStatusIcon: Record<RunResult['status'], string> = { passed: '✅', failed: '❌', hung: '⏳', crashed: '💥', interrupted: '⏹️' };

export interface MarkdownOptions {
  /** Fold a diagnosis longer than this many characters into <details>. Default: never fold. */
  foldOver?: number;
}

export function markdownTable(t: Table): string {
  const row = (cells: string[]): string => `| ${cells.map(escapeMarkdownCell).join(' | ')} |`;
  const rule = `| ${t.numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`;
  return [row(t.headers), rule, ...t.rows.map(row)].join('\n');
}

function headline(doc: ResultsDocument): string {
  const h = doc.host;
  return (
    `**${formatSummary(doc.summary)}**` +
    ` · ${escapeMarkdownCell(`${doc.tool.name} ${doc.tool.version} · node ${h.node} ${h.platform}/${h.arch}, ${h.cpus} CPUs · ${doc.createdAt}`)}`
  );
}

function title(doc: ResultsDocument): string {
  return `# pinstress results\n\n${headline(doc)}`;
}

function strategySections(doc: ResultsDocument): string[] {
  return strategyGroups(doc.runs).map((g) => `## Strategies: ${escapeMarkdownCell(g.scenario)}\n\n${markdownTable(strategyTable(g))}`);
}

/** The section of one run that did not pass; `compact` keeps only the headline and repro. */
export function failureSection(run: RunResult, index: number, opts: MarkdownOptions & { compact?: boolean } = {}): string {
  const status = run.diagnosis ? `${run.status} (${run.diagnosis.kind})` : run.status;
  const parts = [`### ${kStatusIcon[run.status]} Run ${index + 1}: ${escapeMarkdownCell(runLabel(run))} — ${escapeMarkdownCell(status)}`];
  const text = failureText(run);
  if (opts.compact) {
    parts.push(escapeMarkdownCell(failureHeadline(run).slice(0, 300)));
  } else if (opts.foldOver !== undefined && text.length > opts.foldOver) {
    const summary = escapeMarkdownCell(failureHeadline(run).split('\n')[0].slice(0, 160));
    parts.push(`<details><summary>Diagnosis: ${summary}</summary>\n\n${markdownCodeBlock(text, 'text')}\n\n</details>`);
  } else {
    parts.push(markdownCodeBlock(text, 'text'));
  }
  parts.push(`Repro:\n\n${markdownCodeBlock(run.repro, 'sh')}`);
  const dump = run.diagnosis?.threadDump ?? [];
  if (!opts.compact && dump.length > 0) {
    parts.push(`<details><summary>Thread dump (${dump.length} threads)</summary>\n\n${markdownTable(threadDumpTable(dump))}\n\n</details>`);
  }
  return parts.join('\n\n');
}

function failuresOf(doc: ResultsDocument): { run: RunResult; index: number }[] {
  return doc.runs.map((run, index) => ({ run, index })).filter((x) => x.run.status !== 'passed');
}

export function renderMarkdown(doc: ResultsDocument, opts: MarkdownOptions = {}): string {
  const parts = [title(doc), markdownTable(runsTable(doc.runs))];
  const failures = failuresOf(doc);
  if (failures.length > 0) {
    parts.push('## Runs that did not pass');
    for (const f of failures) parts.push(failureSection(f.run, f.index, opts));
  }
  parts.push(...strategySections(doc));
  return `${parts.join('\n\n')}\n`;
}

export const kStepSummaryMaxBytes = 60 * 1024;

/**
 * The job summary for GitHub Actions: the same content, but at most `maxBytes` (GitHub rejects
 * large summaries) with long diagnoses folded; what does not fit is named, not silently dropped.
 */
export function renderStepSummary(doc: ResultsDocument, maxBytes = kStepSummaryMaxBytes): string {
  const reserve = 512; // room for the truncation notes
  const budget = maxBytes - reserve;
  const out: string[] = [];
  let used = 0;
  const fits = (s: string): boolean => used + Buffer.byteLength(s) + 2 <= budget;
  const add = (s: string): void => {
    out.push(s);
    used += Buffer.byteLength(s) + 2;
  };
  const notes: string[] = [];

  add(title(doc));
  // Escaped cells hold no newline, so the table is one line per row after its two header lines.
  const [head, rule, ...rows] = markdownTable(runsTable(doc.runs)).split('\n');
  let table = `${head}\n${rule}`;
  let shown = 0;
  for (; shown < rows.length && fits(`${table}\n${rows[shown]}`); shown++) table += `\n${rows[shown]}`;
  add(table);
  if (shown < rows.length) notes.push(`${rows.length - shown} of ${rows.length} table rows`);

  const failures = failuresOf(doc);
  if (failures.length > 0 && fits('## Runs that did not pass')) add('## Runs that did not pass');
  let omitted = 0;
  for (const f of failures) {
    const full = failureSection(f.run, f.index, { foldOver: 1500 });
    const compact = failureSection(f.run, f.index, { compact: true });
    if (fits(full)) add(full);
    else if (fits(compact)) add(compact);
    else omitted++;
  }
  if (omitted > 0) notes.push(`${omitted} of ${failures.length} failure details`);
  for (const s of strategySections(doc)) if (fits(s)) add(s);

  if (notes.length > 0) {
    out.push(`> Truncated to fit the job summary: ${notes.join(' and ')} left out. The full report is summary.md.`);
  }
  return `${out.join('\n\n')}\n`;
}
