// One snapshot of the runtime's statistics, read from shared memory by any thread. Every field is
// derived from the tables in stats-table.ts: a statistic is added there, and only there.
import type { Heap } from './heap.ts';
import { mutexSnapshot } from './mutex.ts';
import { GLOBAL_STATS, THREAD_STATS, type GlobalStatName, type ThreadStatName } from './stats-table.ts';

export type ThreadStats = Record<ThreadStatName, number>;

export type HeapStats = Record<GlobalStatName | ThreadStatName, number> & {
  mutex: { word: number; owner: number; waiters: number };
  threads: ThreadStats[];
};

function threadStats(h: Heap, t: number): ThreadStats {
  const row = {} as ThreadStats;
  for (let i = 0; i < THREAD_STATS.length; i++) row[THREAD_STATS[i].name] = h.f64[h.threadStat(t, i)];
  return row;
}

export function snapshotStats(h: Heap): HeapStats {
  const threads: ThreadStats[] = [];
  for (let t = 0; t < h.mutators; t++) threads.push(threadStats(h, t));
  // The collector's row counts too: it takes gc_mutex.
  const all = [...threads, threadStats(h, h.collectorId)];
  const s = {} as HeapStats;
  for (let i = 0; i < GLOBAL_STATS.length; i++) s[GLOBAL_STATS[i].name] = h.f64[h.stat(i)];
  for (const row of THREAD_STATS) {
    const values = all.map((t) => t[row.name]);
    s[row.name] = row.combine === 'max' ? Math.max(0, ...values) : values.reduce((a, b) => a + b, 0);
  }
  s.mutex = mutexSnapshot(h);
  s.threads = threads;
  return s;
}
