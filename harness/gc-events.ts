// The main thread's side of the GC event rows (common/gc-rows.ts): pause columns for the
// distributions, and the event records a RunResult carries, built once from the rows.
import { GC_KIND_NAMES, GC_REASONS, kGcMajor } from '../runtime/layout.ts';
import { col, kStride, type GcEventRows, type GcField } from './common/gc-rows.ts';
import type { GcEventRecord, RunEvents } from './result.ts';
import { relativeMs } from './timeline.ts';

type GcOpen = NonNullable<RunEvents['gcOpen']> | null;

/** Pauses and times to safepoint of every recorded collection, in microseconds. */
export function pauseColumns(g: GcEventRows): { pauseUs: Float64Array; ttspUs: Float64Array } {
  const pauseUs = new Float64Array(g.count);
  const ttspUs = new Float64Array(g.count);
  for (let i = 0; i < g.count; i++) {
    pauseUs[i] = g.rows[i * kStride + col.pauseUs];
    ttspUs[i] = g.rows[i * kStride + col.ttspUs];
  }
  return { pauseUs, ttspUs };
}

/** The event records, with startMs replaced by `tMs`, ms since `runStartMs` (rounded to 1 us). */
export function gcEventObjects(g: GcEventRows, runStartMs: number): GcEventRecord[] {
  const out: GcEventRecord[] = new Array(g.count);
  const r = g.rows;
  for (let i = 0; i < g.count; i++) {
    const o = i * kStride;
    const v = (f: GcField): number => r[o + col[f]];
    // One literal, so every record shares one hidden class (the field order of GcEventRecord).
    out[i] = {
      id: v('id'), kind: v('kind') === kGcMajor ? 'major' : 'minor', reason: GC_REASONS[v('reason')] || 'Forced',
      ttspUs: v('ttspUs'), pauseUs: v('pauseUs'), workUs: v('workUs'), lockerWaitUs: v('lockerWaitUs'),
      nurseryBefore: v('nurseryBefore'), nurseryAfter: v('nurseryAfter'), oldBefore: v('oldBefore'), oldAfter: v('oldAfter'),
      bytesCopied: v('bytesCopied'), objectsCopied: v('objectsCopied'), pinnedSeen: v('pinnedSeen'),
      retainedBlocks: v('retainedBlocks'), threadsInNative: v('threadsInNative') === 1,
      tMs: relativeMs(v('startMs'), runStartMs),
    };
  }
  return out;
}

/** The name a report uses for a collection kind code. */
export const gcKindName = (kind: number): string => GC_KIND_NAMES[kind] ?? '?';

/** The collection the collector was inside when the run ended (a hang in minor_gc), if any. */
export function openCollection(g: GcEventRows, runStartMs: number): GcOpen {
  if (!g.open) return null;
  return { kind: g.open.kind === kGcMajor ? 'major' : 'minor', reason: GC_REASONS[g.open.reason] || 'Forced', tMs: relativeMs(g.open.startMs, runStartMs) };
}
