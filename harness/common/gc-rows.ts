// Per-collection events in shared memory: the collector thread writes one row of numbers per
// collection into a buffer the main thread allocated (no object per collection), so the main
// thread reads every completed collection however the collector ended, a run that hung inside a
// collection too, and the record of that unfinished collection. Neutral: the layout both sides
// agree on; harness/gc-events.ts turns rows into the records results.json carries.
import type { GcEvent } from '../../runtime/collector.ts';

// Columns of a row: every numeric field of GcEvent (kind and reason are codes already).
const FIELDS = [
  'id', 'kind', 'reason', 'startMs', 'ttspUs', 'pauseUs', 'workUs', 'lockerWaitUs', 'nurseryBefore', 'nurseryAfter',
  'oldBefore', 'oldAfter', 'bytesCopied', 'objectsCopied', 'pinnedSeen', 'retainedBlocks', 'threadsInNative',
] as const satisfies readonly (keyof GcEvent)[];
export const kStride = FIELDS.length;
export type GcField = (typeof FIELDS)[number];
export const col = Object.fromEntries(FIELDS.map((f, i) => [f, i])) as { readonly [K in (typeof FIELDS)[number]]: number };

// Header, in f64 slots: rows written, rows dropped past the capacity, and the collection under way.
const kCount = 0;
const kDropped = 1;
const kOpenKind = 2; // GcKind of the collection under way, 0 when none
const kOpenReason = 3;
const kOpenStartMs = 4;
const kHeader = 8;

/** Collections a run keeps rows of; later ones are counted as dropped. */
export const kGcRowCapacity = 32_768;

export function gcRowsBytes(capacity = kGcRowCapacity): number {
  return (kHeader + capacity * kStride) * 8;
}

/** What the main thread reads: `count` rows of kStride numbers, and an unfinished collection. */
export interface GcEventRows {
  rows: Float64Array;
  count: number;
  dropped: number;
  open: { kind: number; reason: number; startMs: number } | null;
}

/** The collector's writer. One writer: plain stores, and the count last, so a reader never sees a half row. */
export class GcEventLog {
  private readonly f: Float64Array;
  private readonly capacity: number;
  constructor(sab: SharedArrayBuffer) {
    this.f = new Float64Array(sab);
    this.capacity = (this.f.length - kHeader) / kStride;
  }
  get length(): number {
    return this.f[kCount] + this.f[kDropped];
  }
  begin(kind: number, reason: number): void {
    this.f[kOpenStartMs] = performance.timeOrigin + performance.now();
    this.f[kOpenReason] = reason;
    this.f[kOpenKind] = kind;
  }
  push(e: GcEvent): void {
    this.f[kOpenKind] = 0;
    const n = this.f[kCount];
    if (n >= this.capacity) { this.f[kDropped]++; return; }
    const o = kHeader + n * kStride;
    for (let k = 0; k < kStride; k++) this.f[o + k] = Number(e[FIELDS[k]]);
    this.f[kCount] = n + 1;
  }
  /** The collection did not start after all (a GC-locker gave up before it). */
  cancel(): void {
    this.f[kOpenKind] = 0;
  }
}

/** Read the rows the collector wrote (a copy), whatever state the collector is in. */
export function readGcRows(sab: SharedArrayBuffer): GcEventRows {
  const f = new Float64Array(sab);
  const count = f[kCount];
  return {
    rows: f.slice(kHeader, kHeader + count * kStride),
    count,
    dropped: f[kDropped],
    open: f[kOpenKind] !== 0 ? { kind: f[kOpenKind], reason: f[kOpenReason], startMs: f[kOpenStartMs] } : null,
  };
}
