// junit.xml: one testsuite, one testcase per run in document order, for CI test tabs.
// Hung and crashed runs are <error> (the test could not finish), failed runs are <failure>, runs
// the runtime could not make are <skipped> with the reason.
import { summarize, type ResultsDocument, type RunResult, type SkippedRun } from '../harness/result.ts';
import { failureText, threadDumpText } from './diagnosis.ts';
import { escapeXmlAttr, escapeXmlText } from './escape.ts';
import { fixed, formatDistributionUs, forbiddenCount } from './format.ts';
import { distinctRunLabels, numberTwins } from './run-labels.ts';

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${escapeXmlAttr(String(v))}"`)
    .join('');
}

function seconds(ms: number): string {
  return fixed(Math.max(0, ms) / 1000, 3);
}

/** Ant's schema wants a local date-time without zone: keep the first 19 characters when they fit. */
function timestamp(iso: string): string | undefined {
  const t = iso.slice(0, 19);
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(t) ? t : undefined;
}

function statsLine(r: RunResult): string {
  const s = r.stats;
  return (
    `iterations=${s.iterations} minor=${s.minorCollections} major=${s.majorCollections} ` +
    `pause(p50/p99/max)=${formatDistributionUs(s.pause)} ttsp(p50/p99/max)=${formatDistributionUs(s.ttsp)} ` +
    `pins_exercised=${s.pinExercised} forbidden=${forbiddenCount(r)} strategy=${r.config.strategy}`
  );
}

/** `name` is unique in the document: CI reporters merge testcases that share classname and name. */
function testcase(r: RunResult, name: string): string {
  const head = `    <testcase${attrs({ classname: `pinstress.${r.scenario}`, name, time: seconds(r.durationMs) })}`;
  const out = `      <system-out>${escapeXmlText(`${statsLine(r)}\nrepro: ${r.repro}`)}</system-out>\n`;
  if (r.status === 'passed') return `${head}>\n${out}    </testcase>\n`;
  const tag = r.status === 'failed' ? 'failure' : 'error';
  const message = r.diagnosis?.message ?? `${r.status} without a diagnosis`;
  const type = r.diagnosis?.kind ?? r.status;
  const dump = r.diagnosis && r.diagnosis.threadDump.length > 0 ? `\n\nthread dump:\n${threadDumpText(r.diagnosis.threadDump)}` : '';
  const body = `status: ${r.status}\n${failureText(r)}${dump}\n\nrepro: ${r.repro}`;
  return `${head}>\n      <${tag}${attrs({ message, type })}>${escapeXmlText(body)}</${tag}>\n${out}    </testcase>\n`;
}

/** A run the runtime could not make (a requirement it lacks): skipped, with the sentence why. */
function skippedCase(s: SkippedRun, name: string): string {
  return `    <testcase${attrs({ classname: `pinstress.${s.scenario}`, name, time: seconds(0) })}>\n      <skipped${attrs({ message: s.reason })}/>\n    </testcase>\n`;
}

export function renderJunit(doc: ResultsDocument): string {
  const s = summarize(doc.runs); // from the runs themselves, so the counts always match the testcases
  const totalMs = doc.runs.reduce((t, r) => t + Math.max(0, r.durationMs), 0);
  const skipped = doc.skipped ?? [];
  const skippedAs = numberTwins(skipped.map((x) => x.label));
  const counts = { tests: doc.runs.length + skipped.length, failures: s.failed, errors: s.hung + s.crashed, skipped: skipped.length, time: seconds(totalMs) };
  const ts = timestamp(doc.createdAt);
  const names = distinctRunLabels(doc.runs);
  const props = [
    ['tool', `${doc.tool.name} ${doc.tool.version}`],
    ['node', doc.host.node],
    ['platform', `${doc.host.platform}/${doc.host.arch}`],
    ['cpus', String(doc.host.cpus)],
    ['createdAt', doc.createdAt],
  ]
    .map(([name, value]) => `      <property${attrs({ name, value })}/>\n`)
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites${attrs({ name: 'pinstress', ...counts })}>\n` +
    `  <testsuite${attrs({ name: 'pinstress', ...counts, ...(ts ? { timestamp: ts } : {}), hostname: doc.host.hostname ?? 'unknown', id: 0, package: 'pinstress' })}>\n` +
    `    <properties>\n${props}    </properties>\n` +
    doc.runs.map((r, i) => testcase(r, names[i])).join('') +
    skipped.map((s, i) => skippedCase(s, skippedAs[i])).join('') +
    `  </testsuite>\n</testsuites>\n`
  );
}
