// A diagnosis as labelled plain-text lines: the one rendering that Markdown, JUnit, the GC log,
// the trace, the CLI and the HTML page share, so a failure reads the same in every file.
import type { Diagnosis, DiagnosisKind, RunResult, ThreadDumpEntry } from '../harness/result.ts';
import { formatHex } from './format.ts';

export interface DiagnosisLine {
  label: string;
  text: string; // may span lines (a message with newlines in it)
  block?: boolean; // lines of their own, below the label (a stack trace)
}

// Diagnoses about waiting, where the state of gc_mutex is part of the story. For the others
// (a pinned object moved, an assertion failed) a free lock with no waiters says nothing.
const kLockKinds: ReadonlySet<DiagnosisKind> = new Set(['self-deadlock', 'deadlock', 'lost-wakeup', 'starvation', 'no-progress']);

function lockRelevant(d: Diagnosis): boolean {
  return d.lock !== null && (kLockKinds.has(d.kind) || d.lock.owner !== 'nobody' || d.lock.waiters > 0);
}

export function diagnosisParts(d: Diagnosis): DiagnosisLine[] {
  const lines: DiagnosisLine[] = [{ label: 'kind', text: d.kind }, { label: 'message', text: d.message }];
  if (d.lock && lockRelevant(d)) {
    lines.push({ label: 'lock', text: `${d.lock.name} owned by ${d.lock.owner}, ${d.lock.waiters} waiter(s), word ${formatHex(d.lock.word)}` });
  }
  if (d.waitForCycle) lines.push({ label: 'wait-for cycle', text: d.waitForCycle.join(' -> ') });
  if (d.path) lines.push({ label: 'path', text: d.path.join(' > ') });
  const f = d.firstFailure;
  if (f) {
    // expected and actual are 32-bit words read from the heap (addresses, magic values, poison):
    // hex, like the address, so one address never shows up in two notations.
    lines.push({
      label: 'first failure',
      text: `${f.outcome} on ${f.thread} at iteration ${f.iteration}, address ${f.address}, expected ${formatHex(f.expected)}, actual ${formatHex(f.actual)}: ${f.detail}`,
    });
  }
  if (d.error) {
    lines.push({ label: 'error', text: `${d.error.name} [${d.error.code}]: ${d.error.message}` });
    if (d.error.stack) lines.push({ label: 'stack', text: d.error.stack, block: true });
  }
  return lines;
}

export function diagnosisLines(d: Diagnosis): string[] {
  return diagnosisParts(d).map((l) => (l.block ? `${l.label}:\n${l.text}` : `${l.label}: ${l.text}`));
}

/** What to say about a run that did not pass, even when the harness produced no diagnosis. */
export function failureHeadline(run: RunResult): string {
  return run.diagnosis ? `${run.diagnosis.kind}: ${run.diagnosis.message}` : `${run.status} without a diagnosis`;
}

export function failureText(run: RunResult): string {
  const lines = run.diagnosis ? diagnosisLines(run.diagnosis) : [`${run.status} without a diagnosis`];
  return lines.join('\n');
}

/** For a terminal: each run that did not pass, its headline and its repro line, after a table. */
export function failureNotes(runs: readonly RunResult[], labels: readonly string[]): string[] {
  const out: string[] = [];
  runs.forEach((r, i) => {
    if (r.status === 'passed') return;
    out.push('', `${labels[i]}: ${r.status}${r.diagnosis ? ` (${r.diagnosis.kind})` : ''}`, `  ${r.diagnosis?.message ?? 'no diagnosis'}`, `  repro: ${r.repro}`);
  });
  return out;
}

type NameOf = (id: number) => string;

function namesOf(dump: readonly ThreadDumpEntry[]): NameOf {
  const names = new Map(dump.map((e) => [e.id, e.name]));
  return (id) => names.get(id) ?? (id < 0 ? 'nobody' : `thread ${id}`);
}

/**
 * What a thread waits on, with its argument spelled out. The runtime stores one number beside
 * the reason (runtime/layout.ts, kThWaitArg); its meaning depends on the reason.
 */
function waitingOnText(e: ThreadDumpEntry, name: NameOf): string {
  switch (e.waitingOn) {
    case 'none': return 'none';
    case 'gc_mutex': return `gc_mutex, held by ${name(e.waitArg)}`;
    case 'epoch': return `the world's restart (parked in epoch ${e.waitArg})`;
    case 'safepoint': return e.waitArg < 0 ? 'safepoint (every thread safe)' : `safepoint (${name(e.waitArg)} not yet safe)`;
    case 'gc_locker': return e.name === 'collector' ? 'gc_locker (pins to drain)' : `gc_locker (pending collection, epoch ${e.waitArg})`;
    case 'native': return 'native call';
    case 'doorbell': return 'doorbell (idle, no collection requested)';
    default: return `${e.waitingOn} (${e.waitArg})`;
  }
}

/** One trail entry, with the argument the runtime recorded beside the operation spelled out. */
function trailText(t: ThreadDumpEntry['trail'][number], name: NameOf): string {
  switch (t.op) {
    case 'lock(gc_mutex)': return `lock(gc_mutex) waited, held by ${name(t.arg)}`;
    case 'unlock(gc_mutex)': return t.arg === -1 ? 'unlock(gc_mutex) without waking the waiter' : 'unlock(gc_mutex)';
    case 'tlab_refill': return t.arg === 0 ? 'tlab_refill' : `tlab_refill retry ${t.arg}`; // arg: attempts before this one
    case 'request_gc': return `request_gc ${t.arg === 2 ? 'major' : 'minor'}`;
    case 'read_ref':
    case 'write_ref': return `${t.op} field ${t.arg}`;
    case 'copy_to_pin_space': return `copy_to_pin_space ${formatHex(t.arg)}`;
    default: return t.arg === 0 ? t.op : `${t.op}(${t.arg})`;
  }
}

export interface ThreadDumpColumn {
  header: string;
  numeric: boolean;
  cell: (e: ThreadDumpEntry, name: NameOf) => string;
}

/** Columns of a thread dump, shared by the Markdown, HTML and JUnit renderings. */
export const THREAD_DUMP_COLUMNS: readonly ThreadDumpColumn[] = [
  { header: 'id', numeric: true, cell: (e) => String(e.id) },
  { header: 'thread', numeric: false, cell: (e) => e.name },
  { header: 'state', numeric: false, cell: (e) => e.state },
  { header: 'waiting on', numeric: false, cell: waitingOnText },
  { header: 'last op', numeric: false, cell: (e) => e.lastOp },
  { header: 'iteration', numeric: true, cell: (e) => String(e.iteration) },
  { header: 'heartbeat', numeric: true, cell: (e) => String(e.heartbeat) },
  { header: 'pins held', numeric: true, cell: (e) => String(e.pinsHeld) },
  { header: 'frames', numeric: false, cell: (e) => e.frames.join(' > ') },
  { header: 'trail (oldest first)', numeric: false, cell: (e, name) => e.trail.map((t) => trailText(t, name)).join(', ') },
];

/** The cells of a thread dump, row by row, in THREAD_DUMP_COLUMNS order. */
export function threadDumpCells(dump: readonly ThreadDumpEntry[]): string[][] {
  const name = namesOf(dump);
  return dump.map((e) => THREAD_DUMP_COLUMNS.map((c) => c.cell(e, name)));
}

export function threadDumpText(dump: readonly ThreadDumpEntry[]): string {
  return threadDumpCells(dump)
    .map((cells) => cells.map((c, i) => `${THREAD_DUMP_COLUMNS[i].header}=${c}`).join('  '))
    .join('\n');
}
