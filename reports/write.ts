// Writes every report of a results document into one folder, the set replaced as a whole
// (reports/report-set.ts).
import { appendFile } from 'node:fs/promises';
import type { ResultsDocument } from '../harness/result.ts';
import { renderGcLog } from './gclog.ts';
import { renderGithubAnnotations } from './github.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown, renderStepSummary } from './markdown.ts';
import { fsProblem } from './output-path.ts';
import { replaceReportSet } from './report-set.ts';
import { UsageError } from '../harness/usage-error.ts';
import type { ReportText } from './text-builder.ts';
import { renderTrace } from './trace.ts';

export interface WriteReportsOptions {
  /** A file to append the (capped) Markdown summary to: normally process.env.GITHUB_STEP_SUMMARY. */
  githubStepSummary?: string;
  /** Print one `::error` workflow command per run that did not pass on stdout. */
  githubActions?: boolean;
  /** Where the annotations go instead of process.stdout, e.g. when stdout carries JSON. */
  stdout?: (text: string) => void;
}

export const REPORT_FILES = ['results.json', 'summary.md', 'junit.xml', 'report.html', 'trace.json', 'gc.log'] as const;
export type ReportFile = (typeof REPORT_FILES)[number];

const RENDERERS: Record<ReportFile, (doc: ResultsDocument) => ReportText> = {
  'results.json': renderJson,
  'summary.md': renderMarkdown,
  'junit.xml': renderJunit,
  'report.html': renderHtml,
  'trace.json': renderTrace,
  'gc.log': renderGcLog,
};

export function renderAll(doc: ResultsDocument): Record<ReportFile, ReportText> {
  return Object.fromEntries(REPORT_FILES.map((f) => [f, RENDERERS[f](doc)])) as Record<ReportFile, ReportText>;
}

export async function writeReports(doc: ResultsDocument, outDir: string, opts: WriteReportsOptions = {}): Promise<string[]> {
  // Each report is rendered as its turn to be written comes, so that one is written and flushed
  // while the next renders; the set replaces the old one only once every file is written, so a
  // renderer that throws leaves the old set as it was.
  const files = Object.fromEntries(REPORT_FILES.map((f) => [f, () => RENDERERS[f](doc)])) as Record<ReportFile, () => ReportText>;
  let paths: string[];
  try {
    paths = await replaceReportSet(outDir, files, REPORT_FILES);
  } catch (e) {
    // checkOutputDir ran before the runs; what still fails here (a full disk) is one sentence too.
    if (e instanceof UsageError || !(e as NodeJS.ErrnoException).code) throw e;
    throw new UsageError(`cannot write the reports into ${outDir}: ${fsProblem(e)}.`);
  }
  if (opts.githubStepSummary) await appendFile(opts.githubStepSummary, renderStepSummary(doc), 'utf8');
  if (opts.githubActions) {
    const annotations = renderGithubAnnotations(doc);
    if (annotations) (opts.stdout ?? ((t: string) => process.stdout.write(t)))(annotations);
  }
  return paths;
}
