// The report writers: every format pinstress produces from a ResultsDocument.
export { writeFileAtomic } from './atomic.ts';
export { renderGcLog } from './gclog.ts';
export { renderGithubAnnotations } from './github.ts';
export { renderHtml } from './html.ts';
export { renderJson } from './json.ts';
export { renderJunit } from './junit.ts';
export { kStepSummaryMaxBytes, renderMarkdown, renderStepSummary, type MarkdownOptions } from './markdown.ts';
export { buildTrace, renderTrace, type TraceDocument, type TraceEvent } from './trace.ts';
export { REPORT_FILES, renderAll, writeReports, type ReportFile, type WriteReportsOptions } from './write.ts';
