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

export function renderAll(doc: ResultsDocument): Record<ReportFile, ReportText> {
  return {
    'results.json': renderJson(doc),
    'summary.md': renderMarkdown(doc),
    'junit.xml': renderJunit(doc),
    'report.html': renderHtml(doc),
    'trace.json': renderTrace(doc),
    'gc.log': renderGcLog(doc),
  };
}

export async function writeReports(doc: ResultsDocument, outDir: string, opts: WriteReportsOptions = {}): Promise<string[]> {
  // Render everything first: a renderer that throws must not leave a mix of old and new files.
  const files = renderAll(doc);
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
