// Where runs and their work sit in time. Every time in a run's events is relative to the run's
// own start (RunEvents.startMs, a wall clock); files that hold several runs on one clock
// (trace.json, gc.log) place each run at its real start, and charts show the span in which
// threads actually worked, not the worker start-up before it or the teardown after it.
import type { RunEvents, RunResult } from '../harness/result.ts';

export interface Window {
  startMs: number; // since the run's start
  endMs: number;
}

/**
 * From the first thread segment or collection to the last: the span in which threads worked,
 * without the worker start-up before it or the teardown after it. A collection that never
 * finished runs to the end of the run.
 */
export function activeWindow(ev: RunEvents, durationMs: number): Window {
  const starts = [
    ...ev.threads.flatMap((t) => (t.segments.length > 0 ? [t.segments[0].startMs] : [])),
    ...ev.gc.map((g) => g.tMs - g.lockerWaitUs / 1000),
    ...(ev.gcOpen ? [ev.gcOpen.tMs] : []),
  ];
  if (starts.length === 0) return { startMs: 0, endMs: Math.max(1e-3, durationMs) };
  const ends = [
    ...ev.threads.map((t) => t.segments.at(-1)?.endMs ?? 0),
    ...ev.gc.map((g) => g.tMs + g.pauseUs / 1000),
    ...(ev.gcOpen ? [durationMs] : []),
  ];
  const startMs = Math.max(0, Math.min(...starts));
  return { startMs, endMs: Math.max(startMs + 1e-3, ...ends) };
}

/** Where the run ends on its own clock: its duration, or its last event if that is later. */
export function runEndMs(r: RunResult): number {
  const d = Math.max(0, r.durationMs);
  return r.events ? Math.max(d, activeWindow(r.events, d).endMs, ...r.events.occupancy.map((o) => o.tMs)) : d;
}

/**
 * Each run's start in ms since the earliest recorded start in the document. A run recorded
 * without events has no start of its own: it is placed where the run before it ended.
 */
export function runStartsMs(runs: readonly RunResult[]): number[] {
  const known = runs.flatMap((r) => (r.events ? [r.events.startMs] : []));
  const origin = known.length > 0 ? Math.min(...known) : 0;
  const out: number[] = [];
  runs.forEach((r, i) => {
    const after = i === 0 ? 0 : out[i - 1] + runEndMs(runs[i - 1]);
    out.push(r.events ? r.events.startMs - origin : after);
  });
  return out;
}
