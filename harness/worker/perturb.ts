// Schedule perturbation at the protocol's interesting points (pin, unpin, safepoint, alloc) and
// inside the runtime at every thread state change (transition: Heap.perturb), where a check and a
// publish race.
//  yield    give up the CPU briefly (a 1 us futex wait) with some probability
//  jitter   spin for a random few microseconds
//  sleep    rarely, stall this thread for 1-20 ms (a descheduled or preempted thread)
//  priority emulated priorities (Node has no per-thread priority API): each thread starts at a
//           random priority; at random change points (pin, unpin, safepoint) it is lowered or
//           raised; a low-priority thread yields at every point, so others overtake it (PCT-style).
import type { RunConfig } from '../result.ts';
import type { Rng } from '../common/seed.ts';

export type PerturbPoint = 'pin' | 'unpin' | 'safepoint' | 'alloc' | 'transition';

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function pause(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function spin(us: number): void {
  const end = performance.now() + us / 1000;
  while (performance.now() < end) { /* busy */ }
}

export function makePerturber(mode: RunConfig['perturb'], rng: Rng): ((p: PerturbPoint) => void) | null {
  switch (mode) {
    case 'none':
      return null;
    case 'yield':
      return () => { if (rng.chance(0.05)) pause(0.001); };
    case 'jitter':
      return () => { if (rng.chance(0.1)) spin(rng.int(1, 20)); };
    case 'sleep':
      return () => { if (rng.chance(0.0005)) pause(rng.int(1, 20)); };
    case 'priority': {
      let low = rng.chance(0.5);
      return (p) => {
        if (p !== 'alloc' && rng.chance(0.002)) low = !low; // a priority change point
        if (low) pause(0.001);
      };
    }
  }
}

/** Simulated blocking foreign call of about `us` microseconds (sleeps, so other threads run). */
export function blockingCall(us: number): void {
  if (us >= 50) pause(us / 1000);
  else spin(us);
}
