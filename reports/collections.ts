// The collector's own row in the timeline and the trace, built from the GC events: each
// collection is a slice from its safepoint request to the restart of the world, and a
// collection that never finished (the collector hung inside it) runs to the end of the run.
import type { RunEvents } from '../harness/result.ts';

export interface CollectionSlice {
  id: number | null; // null for the unfinished one: it never got its number
  kind: 'minor' | 'major';
  reason: string;
  startMs: number;
  endMs: number;
  unfinished: boolean;
}

export function collectionSlices(ev: RunEvents, runEndMs: number): CollectionSlice[] {
  const out: CollectionSlice[] = ev.gc.map((g) => ({
    id: g.id, kind: g.kind, reason: g.reason, startMs: g.tMs, endMs: g.tMs + g.pauseUs / 1000, unfinished: false,
  }));
  const open = ev.gcOpen;
  if (open) out.push({ id: null, kind: open.kind, reason: open.reason, startMs: open.tMs, endMs: Math.max(open.tMs, runEndMs), unfinished: true });
  return out;
}

/** The row of a thread's own state timeline; the collector's name goes to its collections. */
export function stateRowName(thread: string): string {
  return thread === 'collector' ? 'collector state' : thread;
}
