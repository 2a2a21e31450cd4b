// gc.log: one line per collection in the style of HotSpot's unified logging (-Xlog:gc), so
// runtime engineers can read and grep it with the tools they already have.
import type { ResultsDocument, RunResult } from '../harness/result.ts';
import { diagnosisLines } from './diagnosis.ts';
import { escapeLogText } from './escape.ts';
import { fixed, fmtDistribution } from './format.ts';

type GcRecord = NonNullable<RunResult['events']>['gc'][number];

function stamp(ms: number): string {
  return `[${fixed(Math.max(0, ms) / 1000, 3)}s]`;
}

function line(ms: number, level: 'info' | 'error', tags: string, text: string): string {
  return `${stamp(ms)}[${level}][${tags}] ${escapeLogText(text)}`;
}

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

function gcLine(r: RunResult, e: GcRecord): string {
  const c = r.config;
  const pause = e.kind === 'major' ? 'Pause Full' : 'Pause Young';
  const locker = e.lockerWaitUs > 0 ? ` locker_wait=${ms(e.lockerWaitUs)}` : '';
  const native = e.threadsInNative ? ' native=yes' : '';
  return line(
    e.tMs,
    'info',
    'gc',
    `GC(${e.id}) ${pause} (${gcCause(e.reason)}) ${kb(e.nurseryBefore)}->${kb(e.nurseryAfter)}(${kb(c.nurseryBytes)}) ` +
      `old=${kb(e.oldBefore)}->${kb(e.oldAfter)}(${kb(c.oldBytes)}) ${ms(e.pauseUs)} ` +
      `pinned=${e.pinnedSeen} retained=${e.retainedBlocks} blocks ttsp=${ms(e.ttspUs)} work=${ms(e.workUs)} ` +
      `copied=${kb(e.bytesCopied)}${locker}${native}`,
  );
}

function runLines(r: RunResult, index: number, total: number, version: string): string[] {
  const c = r.config;
  const out = [
    line(0, 'info', 'gc,init', `pinstress ${version} run ${index + 1}/${total}: scenario=${r.scenario} seed=${r.seed} status=${r.status}`),
    line(0, 'info', 'gc,init', `strategy=${c.strategy} mutators=${c.mutators} mutex=${c.mutex} perturb=${c.perturb} faults=${c.fault.join(',') || 'none'}`),
    line(0, 'info', 'gc,init', `Young capacity ${kb(c.nurseryBytes)}, block ${kb(c.blockBytes)}, old capacity ${kb(c.oldBytes)}`),
  ];
  const end = r.durationMs;
  if (r.events) {
    for (const e of r.events.gc) out.push(gcLine(r, e));
    if (r.events.gc.length === 0) out.push(line(end, 'info', 'gc', 'no collection completed'));
  } else {
    out.push(line(end, 'info', 'gc', 'no per-collection events recorded (recording was off)'));
  }
  const s = r.stats;
  out.push(
    line(
      end,
      'info',
      'gc,stats',
      `collections minor=${s.minorCollections} major=${s.majorCollections} pause_us(p50/p99/max)=${fmtDistribution(s.pause)} ` +
        `ttsp_us(p50/p99/max)=${fmtDistribution(s.ttsp)} copied=${kb(s.bytesCopied)} promoted=${kb(s.bytesPromoted)} max_retained=${kb(s.maxRetainedBytes)}`,
    ),
  );
  if (r.status !== 'passed') {
    if (r.diagnosis) {
      for (const l of diagnosisLines(r.diagnosis)) out.push(line(end, 'error', 'gc', l));
    }
    out.push(line(end, 'error', 'gc', `repro: ${r.repro}`));
    out.push(line(end, 'error', 'gc', `run ${r.status}: ${r.diagnosis ? `${r.diagnosis.kind}: ${r.diagnosis.message}` : 'no diagnosis'}`));
  }
  return out;
}

export function renderGcLog(doc: ResultsDocument): string {
  const lines = doc.runs.flatMap((r, i) => runLines(r, i, doc.runs.length, doc.tool.version));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
