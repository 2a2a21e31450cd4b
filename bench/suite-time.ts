// How long the default suite takes through the library's runSuite (what `npm start` runs), once.
import { runSuite } from '../index.ts';
import { benchTable, type BenchOptions, type PartResult } from './figures.ts';
import { formatDurationMs, formatRate } from '../reports/format.ts';

const kTargetMs = 60_000;

export async function suiteTime(_o: BenchOptions): Promise<PartResult> {
  const t0 = performance.now();
  const doc = await runSuite();
  const wallMs = performance.now() - t0;
  const runs = doc.runs.map((r) => ({ scenario: r.scenario, status: r.status, durationMs: r.durationMs, throughput: r.stats.throughput }));
  return {
    figures: { wallMs, summary: doc.summary, runs },
    text: benchTable(`Default suite (runSuite, ${runs.length} scenarios, seed 1): ${formatDurationMs(wallMs)}`,
      ['scenario', 'status', 'run', 'it/s'],
      runs.map((r) => [r.scenario, r.status, formatDurationMs(r.durationMs), formatRate(r.throughput)])),
    targets: [{
      name: 'default suite time', target: `<= ${kTargetMs / 1000} s`, measured: `${formatDurationMs(wallMs)} (${doc.summary.passed}/${doc.summary.total} passed)`,
      holds: wallMs <= kTargetMs,
    }],
  };
}
