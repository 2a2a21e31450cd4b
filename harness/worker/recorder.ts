// Records this thread's state transitions for the timeline; bounded, cheap when off (the
// runtime calls it through Heap.rec, which stays null unless recording is on).
import type { StateRecorder } from '../../runtime/heap.ts';
import * as L from '../../runtime/layout.ts';
import type { RawTimeline } from '../common/protocol.ts';

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
