// gc.log in the format of HotSpot's unified logging (-Xlog:gc), so that GC log tools (GCToolkit,
// GCeasy, garbagecat) and people who know them read it: decorators [uptime][level][tags]; a
// `Using <collector>` line first; one line per collection,
//   GC(n) Pause Young (Cause) before->after(capacity) N.NNNms
// with pinstress's own fields after the pause time, where parsers stop reading; GC ids from 0
// and uptime rising across every run in the file (each run sits at its real start), as in one
// JVM's log; a message that spans lines becomes several log lines, as HotSpot writes them.
import type { ResultsDocument, RunResult } from '../harness/result.ts';
import { diagnosisParts } from './diagnosis.ts';
import { escapeLogText } from './escape.ts';
import { fixed, formatDistributionUs } from './format.ts';
import { runEndMs, runStartsMs } from './timebase.ts';

type GcRecord = NonNullable<RunResult['events']>['gc'][number];

function line(ms: number, level: 'info' | 'error', tags: string, text: string): string[] {
  const stamp = `[${fixed(Math.max(0, ms) / 1000, 3)}s][${level}][${tags}] `;
  return text.split(/\r\n|\r|\n/).map((l) => stamp + escapeLogText(l));
}

/** Sizes as HotSpot prints a heap transition, in whole K (parsers also accept B, M and G). */
function kb(bytes: number): string {
  return `${Math.round(bytes / 1024)}K`;
}

function ms(us: number): string {
  return `${fixed(us / 1000, 3)}ms`;
}

/** "allocation-failure" -> "Allocation Failure", as HotSpot names its GC causes. */
export function gcCause(reason: string): string {
  return reason
    .split(/[-_\s]+/)
    .filter((w) => w.length > 0)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}

function pauseName(kind: 'minor' | 'major', reason: string): string {
  return `Pause ${kind === 'major' ? 'Full' : 'Young'} (${gcCause(reason)})`;
}

/** The heap is nursery + old space (the large-object space is not in the events). */
function gcLine(r: RunResult, e: GcRecord, id: number, atMs: number): string[] {
  const c = r.config;
  const locker = e.lockerWaitUs > 0 ? ` locker_wait=${ms(e.lockerWaitUs)}` : '';
  const native = e.threadsInNative ? ' native=yes' : '';
  return line(
    atMs,
    'info',
    'gc',
    `GC(${id}) ${pauseName(e.kind, e.reason)} ${kb(e.nurseryBefore + e.oldBefore)}->${kb(e.nurseryAfter + e.oldAfter)}(${kb(c.nurseryBytes + c.oldBytes)}) ${ms(e.pauseUs)} ` +
      `young=${kb(e.nurseryBefore)}->${kb(e.nurseryAfter)}(${kb(c.nurseryBytes)}) old=${kb(e.oldBefore)}->${kb(e.oldAfter)}(${kb(c.oldBytes)}) ` +
      `pinned=${e.pinnedSeen} retained_blocks=${e.retainedBlocks} ttsp=${ms(e.ttspUs)} work=${ms(e.workUs)} copied=${kb(e.bytesCopied)}${locker}${native}`,
  );
}

interface Clock {
  nextId: number;
}

function runLines(r: RunResult, index: number, total: number, startMs: number, clock: Clock): string[] {
  const c = r.config;
  const at = (t: number): number => startMs + t;
  const out = [
    ...line(at(0), 'info', 'gc,init', `run ${index + 1}/${total}: scenario=${r.scenario} seed=${r.seed} status=${r.status}`),
    ...line(at(0), 'info', 'gc,init', `${c.runtime ? `runtime=${c.runtime} ` : ''}strategy=${c.strategy} mutators=${c.mutators} mutex=${c.mutex} perturb=${c.perturb} faults=${c.fault.join(',') || 'none'}`),
    ...line(at(0), 'info', 'gc,init', `Young capacity ${kb(c.nurseryBytes)}, block ${kb(c.blockBytes)}, old capacity ${kb(c.oldBytes)}`),
  ];
  const end = at(runEndMs(r));
  const ev = r.events;
  let unfinished = '';
  if (ev) {
    // HotSpot logs a collection when it ends; collections never overlap, so ends rise.
    for (const e of ev.gc) out.push(...gcLine(r, e, clock.nextId++, at(e.tMs + e.pauseUs / 1000)));
    // A collection that never finished: its start line as HotSpot's gc,start tag prints it,
    // and at the end of the run a line that says so (no pause line: there is no pause time).
    if (ev.gcOpen) {
      const id = clock.nextId++;
      out.push(...line(at(ev.gcOpen.tMs), 'info', 'gc,start', `GC(${id}) ${pauseName(ev.gcOpen.kind, ev.gcOpen.reason)}`));
      unfinished = `GC(${id}) never finished: the collector was still inside it when the run ended`;
    }
    if (ev.gc.length === 0 && !ev.gcOpen) out.push(...line(end, 'info', 'gc', 'no collection completed'));
  } else {
    out.push(...line(end, 'info', 'gc', 'no per-collection events recorded (recording was off)'));
  }
  const s = r.stats;
  out.push(
    ...line(
      end,
      'info',
      'gc,stats',
      `collections minor=${s.minorCollections} major=${s.majorCollections} pause(p50/p99/max)=${formatDistributionUs(s.pause)} ` +
        `ttsp(p50/p99/max)=${formatDistributionUs(s.ttsp)} copied=${kb(s.bytesCopied)} promoted=${kb(s.bytesPromoted)} max_retained=${kb(s.maxRetainedBytes)}`,
    ),
  );
  if (unfinished) out.push(...line(end, 'error', 'gc', unfinished));
  if (r.status !== 'passed') {
    for (const l of r.diagnosis ? diagnosisParts(r.diagnosis) : []) out.push(...line(end, 'error', 'gc', `${l.label}: ${l.text}`));
    out.push(...line(end, 'error', 'gc', `repro: ${r.repro}`));
    out.push(...line(end, 'error', 'gc', `run ${r.status}: ${r.diagnosis ? `${r.diagnosis.kind}: ${r.diagnosis.message}` : 'no diagnosis'}`));
  }
  return out;
}

export function renderGcLog(doc: ResultsDocument): string {
  if (doc.runs.length === 0) return '';
  const starts = runStartsMs(doc.runs);
  const clock: Clock = { nextId: 0 };
  const out = [
    // One collector thread that stops the world, copies the nursery and compacts the old
    // space: what HotSpot calls Serial, and the name GC log tools pick their parser by.
    ...line(0, 'info', 'gc', 'Using Serial'),
    ...line(0, 'info', 'gc,init', `pinstress ${doc.tool.version}: a simulated runtime, not a JVM; its collector is serial and stop-the-world like HotSpot's Serial`),
  ];
  let prevEnd = 0;
  doc.runs.forEach((r, i) => {
    // Runs of a merged document may overlap in time (shards run at once): in one log, time
    // must not go backwards, so a run starts no earlier than the previous one ended.
    const start = Math.max(starts[i], prevEnd);
    out.push(...runLines(r, i, doc.runs.length, start, clock));
    prevEnd = start + runEndMs(r);
  });
  return `${out.join('\n')}\n`;
}
