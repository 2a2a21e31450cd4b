// The forced-collection schedules a mutator context counts itself (the every-T-microseconds one
// is the collector's or driver's clock): every safepoint collects (the stress setting), or every
// K-th allocation of this thread makes a collection due at its next safepoint. K is a run-wide
// rate counted per thread at a seeded offset (no counter shared between threads), so N threads
// force one every K/N allocations together and the threads' collections spread out rather than
// coincide. Both mutator contexts keep one. Worker side.
import type { Rng } from '../common/seed.ts';
import type { RunConfig } from '../result.ts';

export class ForcedSchedule {
  private readonly everySafepoint: boolean;
  private readonly period: number;
  private countdown: number;
  private due = false;

  constructor(schedule: RunConfig['schedule'], rng: Rng) {
    this.everySafepoint = schedule.everySafepoint;
    this.period = schedule.everyAllocs;
    this.countdown = this.period > 0 ? rng.int(1, this.period) : 0;
  }

  /** Count one allocation of this thread. */
  allocated(): void {
    if (this.period > 0 && --this.countdown === 0) {
      this.countdown = this.period;
      this.due = true;
    }
  }

  /** Whether this safepoint must collect (a due collection is taken by it). */
  collectNow(): boolean {
    if (this.everySafepoint) return true;
    if (!this.due) return false;
    this.due = false;
    return true;
  }
}
