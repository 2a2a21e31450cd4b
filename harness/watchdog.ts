// The watchdog: main thread, never blocks (no Atomics.wait). It judges each live mutator by its
// own heartbeat (one per iteration): a mutator whose heartbeat has not moved for the budget is
// stuck, even while the collector or the other mutators keep going (a busy collector must not hide
// a thread that waits forever). On the first stuck mutator it calls onHang once, with every
// mutator stalled for the budget and how long each has been, so a liveness failure is called
// within the budget plus one tick.
import { kHeartbeat } from './common/run-memory.ts';
import type { RunInspector } from './inspect.ts';

/** A mutator that made no progress for the budget. */
export interface StuckThread {
  tid: number;
  stalledMs: number;
  /** gc_mutex acquisitions by the whole run while this thread stood still. */
  mutexAcquisitionsMeanwhile: number;
}

export interface Stall {
  stuck: StuckThread[];
  /** Collections completed while the first stuck thread stood still. */
  collectionsMeanwhile: number;
}

export interface Watchdog {
  stop(): void;
  /** Iterations completed by every mutator so far (the sum of their heartbeats). */
  iterations(): number;
  /** How long the live mutator that has waited longest has made no progress (progress displays). */
  longestStallMs(): number;
}

/** A tick reads a few words per thread; a short one keeps detection close to the budget (budget + one tick). */
export function watchdogTickMs(budgetMs: number): number {
  return Math.max(5, Math.min(50, budgetMs / 20));
}

const mutexAcquisitions = (h: RunInspector): number => h.stats().mutexAcquisitions ?? 0;
const collections = (h: RunInspector): number => {
  const s = h.stats();
  return (s.minorCollections ?? 0) + (s.majorCollections ?? 0);
};

export function startWatchdog(h: RunInspector, budgetMs: number, onHang: (s: Stall) => void): Watchdog {
  const n = h.mutators;
  const beat = new Float64Array(n).fill(-1);
  const since = new Float64Array(n);
  const acquisitionsAt = new Float64Array(n);
  const collectionsAt = new Float64Array(n);
  const run = h.run;
  const exited = new Uint8Array(n);
  const tick = (): void => {
    const now = performance.now();
    let stuck: StuckThread[] | null = null;
    let first = -1;
    const states = h.threadStates();
    for (let t = 0; t < n; t++) {
      if (states[t] === 'exited') { exited[t] = 1; continue; }
      const b = Atomics.load(run.i32, run.th(t, kHeartbeat));
      if (b !== beat[t]) {
        beat[t] = b;
        since[t] = now;
        acquisitionsAt[t] = mutexAcquisitions(h);
        collectionsAt[t] = collections(h);
      } else if (now - since[t] >= budgetMs) {
        stuck ??= [];
        if (first < 0 || since[t] < since[first]) first = t;
        stuck.push({ tid: t, stalledMs: now - since[t], mutexAcquisitionsMeanwhile: mutexAcquisitions(h) - acquisitionsAt[t] });
      }
    }
    if (stuck) {
      clearInterval(timer);
      onHang({ stuck, collectionsMeanwhile: collections(h) - collectionsAt[first] });
    }
  };
  const timer = setInterval(tick, watchdogTickMs(budgetMs));
  timer.unref?.();
  tick();
  return {
    stop: () => clearInterval(timer),
    longestStallMs: () => {
      let most = 0;
      const now = performance.now();
      for (let t = 0; t < n; t++) if (exited[t] === 0 && beat[t] >= 0) most = Math.max(most, now - since[t]);
      return most;
    },
    iterations: () => {
      let sum = 0;
      for (let t = 0; t < n; t++) sum += Atomics.load(run.i32, run.th(t, kHeartbeat));
      return sum;
    },
  };
}
