// A mutator's recorded state transitions (common/protocol.ts RawTimeline) as timeline segments.
// Main thread side.
import * as L from '../runtime/layout.ts';
import type { RawTimeline } from './common/protocol.ts';
import type { ThreadTimeline } from './result.ts';

type SegmentState = ThreadTimeline['segments'][number]['state'];
const NAMES: Record<number, SegmentState | undefined> = {
  [L.kStateManaged]: 'managed', [L.kStateParked]: 'parked', [L.kStateNative]: 'native', [L.kStateBlocked]: 'blocked',
};

/**
 * A recorded time relative to the run's start, to the microsecond: recorded times are wall-clock
 * milliseconds since 1970 (about 1.7e12), whose doubles resolve a quarter of a microsecond, so the
 * digits below that are noise, and printed they made a timeline's JSON half as large again.
 */
export function relativeMs(t: number, runStartMs: number): number {
  return Math.round((t - runStartMs) * 1e3) / 1e3;
}

/** Back-to-back segments, times relative to the run's start; repeated states merge. */
export function timelineOf(raw: RawTimeline, runStartMs: number): ThreadTimeline {
  const segments: ThreadTimeline['segments'] = [];
  const n = raw.states.length;
  for (let k = 0; k < n; k++) {
    const state = NAMES[raw.states[k]];
    const start = relativeMs(raw.times[k], runStartMs);
    const end = relativeMs(k + 1 < n ? raw.times[k + 1] : raw.endMs, runStartMs);
    if (!state || end < start) continue;
    const last = segments[segments.length - 1];
    if (last && last.state === state) last.endMs = end;
    else segments.push({ state, startMs: start, endMs: end });
  }
  return { thread: raw.thread, segments, dropped: raw.dropped };
}
