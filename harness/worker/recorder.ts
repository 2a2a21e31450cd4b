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
  toTimeline(thread: string, runStartMs: number, endMs: number): ThreadTimeline {
    const segments: ThreadTimeline['segments'] = [];
    for (let k = 0; k < this.n; k++) {
      const state = NAMES[this.states[k]];
      const start = this.times[k] - runStartMs;
      const end = (k + 1 < this.n ? this.times[k + 1] : endMs) - runStartMs;
      if (!state || end < start) continue;
      const last = segments[segments.length - 1];
      if (last && last.state === state) last.endMs = end;
      else segments.push({ state, startMs: start, endMs: end });
    }
    return { thread, segments, dropped: this.dropped };
  }
}
