// Per-collection events, kept compact: the collector thread writes one row of numbers per
// collection into a growing Float64Array (no object per collection) and sends the rows to the main
// thread as one typed array (harness/gc-events.ts reads them). Keeps memory flat in long recorded
// runs (bench/README.md, memory table). Neutral: the row format both sides agree on.
import type { GcEvent } from '../../runtime/collector.ts';

// Columns of a row: every numeric field of GcEvent (kind and reason are codes already).
const FIELDS = [
  'id', 'kind', 'reason', 'startMs', 'ttspUs', 'pauseUs', 'workUs', 'lockerWaitUs', 'nurseryBefore', 'nurseryAfter',
  'oldBefore', 'oldAfter', 'bytesCopied', 'objectsCopied', 'pinnedSeen', 'retainedBlocks', 'threadsInNative',
] as const satisfies readonly (keyof GcEvent)[];
export const kStride = FIELDS.length;
export type GcField = (typeof FIELDS)[number];
export const col = Object.fromEntries(FIELDS.map((f, i) => [f, i])) as { readonly [K in (typeof FIELDS)[number]]: number };

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
