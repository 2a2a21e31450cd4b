// Per-collection events, kept compact: the collector thread writes one row of numbers per
// collection into a growing Float64Array (no object per collection), sends the rows to the main
// thread as one typed array, and the main thread builds the event records a RunResult carries
// once, from the rows. Keeps memory flat in long recorded runs (bench/README.md, memory table).
import type { GcEvent } from '../runtime/collector.ts';
import { GC_KIND_NAMES, GC_REASONS, kGcMajor } from '../runtime/layout.ts';
import type { GcEventRecord } from './result.ts';

// Columns of a row: every numeric field of GcEvent (kind and reason are codes already).
const FIELDS = [
  'id', 'kind', 'reason', 'startMs', 'ttspUs', 'pauseUs', 'workUs', 'lockerWaitUs', 'nurseryBefore', 'nurseryAfter',
  'oldBefore', 'oldAfter', 'bytesCopied', 'objectsCopied', 'pinnedSeen', 'retainedBlocks', 'threadsInNative',
] as const satisfies readonly (keyof GcEvent)[];
const kStride = FIELDS.length;
const col = Object.fromEntries(FIELDS.map((f, i) => [f, i])) as { readonly [K in (typeof FIELDS)[number]]: number };

/** What crosses from the collector thread: `count` rows of kStride numbers. */
export interface GcEventRows {
  rows: Float64Array;
  count: number;
  dropped: number; // collections past the cap, not recorded
}

export class GcEventLog {
  private rows = new Float64Array(256 * kStride);
  private n = 0;
  private dropped = 0;
  private readonly cap: number;
  constructor(cap: number) {
    this.cap = cap;
  }
  get length(): number {
    return this.n + this.dropped;
  }
  push(e: GcEvent): void {
    if (this.n >= this.cap) { this.dropped++; return; }
    if ((this.n + 1) * kStride > this.rows.length) {
      const bigger = new Float64Array(this.rows.length * 2);
      bigger.set(this.rows);
      this.rows = bigger;
    }
    const o = this.n * kStride;
    for (let k = 0; k < kStride; k++) this.rows[o + k] = Number(e[FIELDS[k]]);
    this.n++;
  }
  toRows(): GcEventRows {
    return { rows: this.rows.slice(0, this.n * kStride), count: this.n, dropped: this.dropped };
  }
}

export const noGcEvents = (): GcEventRows => ({ rows: new Float64Array(0), count: 0, dropped: 0 });

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
    const v = (f: (typeof FIELDS)[number]): number => r[o + col[f]];
    // One literal, so every record shares one hidden class (the field order of GcEventRecord).
    out[i] = {
      id: v('id'), kind: v('kind') === kGcMajor ? 'major' : 'minor', reason: GC_REASONS[v('reason')] || 'Forced',
      ttspUs: v('ttspUs'), pauseUs: v('pauseUs'), workUs: v('workUs'), lockerWaitUs: v('lockerWaitUs'),
      nurseryBefore: v('nurseryBefore'), nurseryAfter: v('nurseryAfter'), oldBefore: v('oldBefore'), oldAfter: v('oldAfter'),
      bytesCopied: v('bytesCopied'), objectsCopied: v('objectsCopied'), pinnedSeen: v('pinnedSeen'),
      retainedBlocks: v('retainedBlocks'), threadsInNative: v('threadsInNative') === 1,
      tMs: Math.round((v('startMs') - runStartMs) * 1000) / 1000,
    };
  }
  return out;
}

/** The name a report uses for a collection kind code. */
export const gcKindName = (kind: number): string => GC_KIND_NAMES[kind] ?? '?';
