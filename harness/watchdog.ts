// The watchdog: main thread, never blocks (no Atomics.wait). Progress is real work only: mutator
// heartbeats (one per iteration) plus completed collections. When it stops for the budget, the
// watchdog calls onHang once.
import type { Heap } from '../runtime/heap.ts';
import * as L from '../runtime/layout.ts';

export function progressCount(h: Heap): number {
  let p = h.f64[h.stat(L.G.minorCollections)] + h.f64[h.stat(L.G.majorCollections)];
  for (let t = 0; t < h.mutators; t++) p += Atomics.load(h.i32, h.th(t, L.kThHeartbeat));
  return p;
}

export interface Watchdog {
  stop(): void;
}

/** A tick reads a few words; a short one keeps detection close to the budget (budget + one tick). */
export function watchdogTickMs(budgetMs: number): number {
  return Math.max(5, Math.min(50, budgetMs / 20));
}

export function startWatchdog(h: Heap, budgetMs: number, onHang: () => void): Watchdog {
  let last = progressCount(h);
  let lastChange = performance.now();
  let fired = false;
  const tick = (): void => {
    const p = progressCount(h);
    const now = performance.now();
    if (p !== last) {
      last = p;
      lastChange = now;
    } else if (!fired && now - lastChange >= budgetMs) {
      fired = true;
      clearInterval(timer);
      onHang();
    }
  };
  const timer = setInterval(tick, watchdogTickMs(budgetMs));
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
