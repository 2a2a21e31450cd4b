// Per-collection events, kept compact: the collector thread writes one row of numbers per
// collection into a growing Float64Array (no object per collection), sends the rows to the main
// thread as one typed array, and the main thread builds the event objects a RunResult carries
// once, from the rows. Keeps memory flat in long recorded runs (bench/README.md, memory table).
import type { GcEvent } from '../runtime/collector.ts';

// Columns of a row, in the order the event objects list their fields (gcEventObjects reads them by
// position: keep the two in step).
const FIELDS = [
  'id', 'kind', 'reason', 'startMs', 'ttspUs', 'pauseUs', 'workUs', 'lockerWaitUs', 'nurseryBefore', 'nurseryAfter',
  'oldBefore', 'oldAfter', 'bytesCopied', 'objectsCopied', 'pinnedSeen', 'retainedBlocks', 'threadsInNative',
] as const satisfies readonly (keyof GcEvent)[];
const kStride = FIELDS.length;
const col = (f: (typeof FIELDS)[number]): number => FIELDS.indexOf(f);
const kKind = col('kind');
const kReason = col('reason');
const kTtsp = col('ttspUs');
const kPause = col('pauseUs');
const kNative = col('threadsInNative');

/** What crosses from the collector thread: `count` rows of kStride numbers. */
export interface GcEventRows {
  rows: Float64Array;
  count: number;
  reasons: string[];
  dropped: number; // collections past the cap, not recorded
}

export class GcEventLog {
  private rows = new Float64Array(256 * kStride);
  private n = 0;
  private dropped = 0;
  private readonly reasons: string[] = [];
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
    let r = this.reasons.indexOf(e.reason);
    if (r < 0) r = this.reasons.push(e.reason) - 1;
    const o = this.n * kStride;
    for (let k = 0; k < kStride; k++) this.rows[o + k] = e[FIELDS[k]] as number;
    this.rows[o + kKind] = e.kind === 'major' ? 1 : 0;
    this.rows[o + kReason] = r;
    this.rows[o + kNative] = e.threadsInNative ? 1 : 0;
    this.n++;
  }
  toRows(): GcEventRows {
    return { rows: this.rows.slice(0, this.n * kStride), count: this.n, reasons: this.reasons, dropped: this.dropped };
  }
}

export const noGcEvents = (): GcEventRows => ({ rows: new Float64Array(0), count: 0, reasons: [], dropped: 0 });

/** Pauses and times to safepoint of every recorded collection, in microseconds. */
export function pauseColumns(g: GcEventRows): { pauseUs: Float64Array; ttspUs: Float64Array } {
  const pauseUs = new Float64Array(g.count);
  const ttspUs = new Float64Array(g.count);
  for (let i = 0; i < g.count; i++) {
    pauseUs[i] = g.rows[i * kStride + kPause];
    ttspUs[i] = g.rows[i * kStride + kTtsp];
  }
  return { pauseUs, ttspUs };
}

/** The event objects, with startMs replaced by `tMs`, ms since `runStartMs` (rounded to 1 us). */
export function gcEventObjects(g: GcEventRows, runStartMs: number): (Omit<GcEvent, 'startMs'> & { tMs: number })[] {
  const out: (Omit<GcEvent, 'startMs'> & { tMs: number })[] = new Array(g.count);
  const r = g.rows;
  for (let i = 0; i < g.count; i++) {
    const o = i * kStride;
    // One literal, so every event shares one hidden class (the field order of GcEvent, tMs last).
    out[i] = {
      id: r[o], kind: r[o + 1] === 1 ? 'major' : 'minor', reason: g.reasons[r[o + 2]],
      ttspUs: r[o + 4], pauseUs: r[o + 5], workUs: r[o + 6], lockerWaitUs: r[o + 7], nurseryBefore: r[o + 8],
      nurseryAfter: r[o + 9], oldBefore: r[o + 10], oldAfter: r[o + 11], bytesCopied: r[o + 12], objectsCopied: r[o + 13],
      pinnedSeen: r[o + 14], retainedBlocks: r[o + 15], threadsInNative: r[o + 16] === 1,
      tMs: Math.round((r[o + 3] - runStartMs) * 1000) / 1000,
    };
  }
  return out;
}
