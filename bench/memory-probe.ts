// Child process of the memory table: one pin-concurrent run of N total iterations in a fresh
// process (so no earlier run's heap colours the figure), sampling RSS and heap while it runs.
// Sends its figures to the parent over IPC. Arguments: total iterations, then optional run
// overrides as JSON (e.g. '{"record":false}').
import type { RunOverrides } from '../harness/config.ts';
import { runRound } from './rounds.ts';

export interface MemoryFigures {
  totalIterations: number;
  status: string;
  throughput: number;
  durationMs: number;
  rssBeforeBytes: number;
  rssPeakBytes: number;
  rssAfterBytes: number;
  heapUsedPeakBytes: number;
  heapUsedAfterGcBytes: number; // main thread, with the run's result still held
  resultJsonBytes: number;
}

const total = Number(process.argv[2]);
const over = JSON.parse(process.argv[3] ?? '{}') as RunOverrides;
const gc = (globalThis as { gc?: () => void }).gc;
const sample = { rss: 0, heap: 0 };
const take = (): void => {
  const m = process.memoryUsage();
  sample.rss = Math.max(sample.rss, m.rss);
  sample.heap = Math.max(sample.heap, m.heapUsed);
};
gc?.();
const rssBeforeBytes = process.memoryUsage().rss;
const { round, result } = await runRound('pin-concurrent', { mutators: 4, iterations: Math.round(total / 4), ...over }, { onProgress: take, progressEveryMs: 100 });
take();
const rssAfterBytes = process.memoryUsage().rss;
gc?.();
const figures: MemoryFigures = {
  totalIterations: total, status: round.status, throughput: round.throughput, durationMs: round.durationMs,
  rssBeforeBytes, rssPeakBytes: sample.rss, rssAfterBytes, heapUsedPeakBytes: sample.heap,
  heapUsedAfterGcBytes: process.memoryUsage().heapUsed, resultJsonBytes: JSON.stringify(result).length,
};
if (process.send) process.send(figures);
else process.stdout.write(`${JSON.stringify(figures)}\n`);
