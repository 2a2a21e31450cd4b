// A diagnosis as plain text lines: the one rendering that Markdown, JUnit, the GC log and the
// HTML page share, so a failure reads the same in every file.
import type { Diagnosis, RunResult, ThreadDumpEntry } from '../harness/result.ts';
import { hex } from './format.ts';

export function diagnosisLines(d: Diagnosis): string[] {
  const lines = [`kind: ${d.kind}`, `message: ${d.message}`];
  if (d.lock) {
    lines.push(`lock: ${d.lock.name} owned by ${d.lock.owner}, ${d.lock.waiters} waiter(s), word ${hex(d.lock.word)}`);
  }
  if (d.waitForCycle) lines.push(`wait-for cycle: ${d.waitForCycle.join(' -> ')}`);
  if (d.path) lines.push(`path: ${d.path.join(' > ')}`);
  const f = d.firstFailure;
  if (f) {
    lines.push(
      `first failure: ${f.outcome} on ${f.thread} at iteration ${f.iteration}, address ${f.address}, ` +
        `expected ${hex(f.expected)}, actual ${hex(f.actual)}: ${f.detail}`,
    );
  }
  if (d.error) {
    lines.push(`error: ${d.error.name} [${d.error.code}]: ${d.error.message}`);
    if (d.error.stack) lines.push(`stack:\n${d.error.stack}`);
  }
  return lines;
}

/** What to say about a run that did not pass, even when the harness produced no diagnosis. */
export function failureHeadline(run: RunResult): string {
  return run.diagnosis ? `${run.diagnosis.kind}: ${run.diagnosis.message}` : `${run.status} without a diagnosis`;
}

export function failureText(run: RunResult): string {
  const lines = run.diagnosis ? diagnosisLines(run.diagnosis) : [`${run.status} without a diagnosis`];
  return lines.join('\n');
}

/** Columns of a thread dump, shared by the Markdown and HTML tables. */
export const THREAD_DUMP_COLUMNS: readonly { header: string; cell: (e: ThreadDumpEntry) => string }[] = [
  { header: 'id', cell: (e) => String(e.id) },
  { header: 'thread', cell: (e) => e.name },
  { header: 'state', cell: (e) => e.state },
  { header: 'waiting on', cell: (e) => (e.waitingOn === 'none' ? 'none' : `${e.waitingOn} (${e.waitArg})`) },
  { header: 'last op', cell: (e) => e.lastOp },
  { header: 'iteration', cell: (e) => String(e.iteration) },
  { header: 'heartbeat', cell: (e) => String(e.heartbeat) },
  { header: 'pins held', cell: (e) => String(e.pinsHeld) },
  { header: 'frames', cell: (e) => e.frames.join(' > ') },
  { header: 'trail', cell: (e) => e.trail.map((t) => `${t.op}(${t.arg})`).join(', ') },
];

export function threadDumpText(dump: readonly ThreadDumpEntry[]): string {
  return dump
    .map((e) => THREAD_DUMP_COLUMNS.map((c) => `${c.header}=${c.cell(e)}`).join('  '))
    .join('\n');
}
