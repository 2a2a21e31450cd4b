// Worker pools, reused across the runs of a suite. Starting N + 1 workers and loading their
// modules costs about as much as a short run, and fresh workers start with cold JIT code; a suite
// that reuses them pays that once, and its later runs measure warm code, as the peers' rounds do.
// A pool is reused only after a run whose every task ended by itself: one whose workers had to be
// terminated (a hang past the grace period) is destroyed, and the next run gets a fresh one. Main
// thread only. Every pool is destroyed by `close()`, so no worker thread outlives the suite.
import { Piscina } from 'piscina';
import { workerEntry } from './paths.ts';

export class PoolCache {
  private readonly idle = new Map<number, Piscina>();
  /**
   * Runtime buffers of runs whose threads all ended: reused already mapped (createRuntime), the
   * smallest that is large enough. A run that needs more than any gets a fresh one, and the smaller
   * ones it replaces are let go, so a suite maps about as many pages as its largest run needs.
   */
  private buffers: SharedArrayBuffer[] = [];

  /** The smallest buffer of at least `bytes` an earlier run left, or undefined. */
  takeBuffer(bytes: number): SharedArrayBuffer | undefined {
    let best = -1;
    for (let k = 0; k < this.buffers.length; k++) {
      if (this.buffers[k].byteLength >= bytes && (best < 0 || this.buffers[k].byteLength < this.buffers[best].byteLength)) best = k;
    }
    return best < 0 ? undefined : this.buffers.splice(best, 1)[0];
  }

  /** Keep a run's buffer for later runs: only once no thread of the run can touch it. */
  keepBuffer(sab: SharedArrayBuffer): void {
    this.buffers = this.buffers.filter((b) => b.byteLength > sab.byteLength);
    this.buffers.push(sab);
  }

  /** A pool of exactly `threads` workers (a queued task would hang the safepoint). */
  take(threads: number): Piscina {
    const p = this.idle.get(threads);
    if (p) {
      this.idle.delete(threads);
      return p;
    }
    return new Piscina({
      filename: workerEntry(),
      minThreads: threads,
      maxThreads: threads,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
      atomics: 'disabled',
    });
  }

  /** Give a pool back after a run; `clean`: every task ended by itself, so its workers are free. */
  async give(threads: number, pool: Piscina, clean: boolean): Promise<void> {
    if (!clean || this.idle.has(threads)) {
      await pool.destroy();
      return;
    }
    this.idle.set(threads, pool);
  }

  async close(): Promise<void> {
    const pools = [...this.idle.values()];
    this.idle.clear();
    this.buffers = [];
    await Promise.all(pools.map((p) => p.destroy()));
  }
}
