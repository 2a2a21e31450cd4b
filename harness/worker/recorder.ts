// Records this thread's state transitions for the timeline; bounded, cheap when off (the
// runtime calls it through Heap.rec, which stays null unless recording is on).
import type { StateRecorder } from '../../runtime/heap.ts';
import * as L from '../../runtime/layout.ts';
import type { ThreadTimeline } from '../result.ts';

type SegmentState = ThreadTimeline['segments'][number]['state'];
const NAMES: Record<number, SegmentState | undefined> = {
  [L.kStateManaged]: 'managed', [L.kStateParked]: 'parked', [L.kStateNative]: 'native', [L.kStateBlocked]: 'blocked',
};

export class TimelineRecorder implements StateRecorder {
  private readonly states: Uint8Array;
  private readonly times: Float64Array;
  private n = 0;
  private dropped = 0;
  constructor(capacity = 20_000) {
    this.states = new Uint8Array(capacity);
    this.times = new Float64Array(capacity);
  }
  transition(state: number): void {
    if (this.n < this.states.length) {
      this.states[this.n] = state;
      this.times[this.n] = performance.timeOrigin + performance.now();
      this.n++;
    } else this.dropped++;
  }
  /** The transitions as recorded, for the main thread (typed arrays: no object per transition). */
  toRaw(thread: string, endMs: number): RawTimeline {
    return { thread, states: this.states.slice(0, this.n), times: this.times.slice(0, this.n), endMs, dropped: this.dropped };
  }
}

/** What a mutator sends back: its state transitions (kState*) and their wall-clock times. */
export interface RawTimeline {
  thread: string;
  states: Uint8Array;
  times: Float64Array;
  endMs: number;
  dropped: number;
}

/** Back-to-back segments, times relative to the run's start; repeated states merge. */
export function timelineOf(raw: RawTimeline, runStartMs: number): ThreadTimeline {
  const segments: ThreadTimeline['segments'] = [];
  const n = raw.states.length;
  for (let k = 0; k < n; k++) {
    const state = NAMES[raw.states[k]];
    const start = raw.times[k] - runStartMs;
    const end = (k + 1 < n ? raw.times[k + 1] : raw.endMs) - runStartMs;
    if (!state || end < start) continue;
    const last = segments[segments.length - 1];
    if (last && last.state === state) last.endMs = end;
    else segments.push({ state, startMs: start, endMs: end });
  }
  return { thread: raw.thread, segments, dropped: raw.dropped };
}
