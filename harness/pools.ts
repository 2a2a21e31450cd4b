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
  /** Runtime buffers of runs whose threads all ended, by size: reused already mapped (createRuntime). */
  private readonly buffers = new Map<number, SharedArrayBuffer>();

  /** A buffer of `bytes` an earlier run left, or undefined. */
  takeBuffer(bytes: number): SharedArrayBuffer | undefined {
    const b = this.buffers.get(bytes);
    this.buffers.delete(bytes);
    return b;
  }

  /** Keep a run's buffer for the next run of its size: only once no thread of the run can touch it. */
  keepBuffer(sab: SharedArrayBuffer): void {
    this.buffers.set(sab.byteLength, sab);
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
    this.buffers.clear();
    await Promise.all(pools.map((p) => p.destroy()));
  }
}
