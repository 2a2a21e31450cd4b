// Scaling tables: throughput vs mutators, pause vs live bytes, throughput and pause vs nursery
// size, memory vs total iterations. The run tables switch the heap verifier off: it scans all of
// old space every 4th collection and would drown what they are about (the protocol table shows
// its cost). Memory runs the scenario as shipped.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runnableModule } from '../harness/paths.ts';
import type { BenchOptions, PartResult, Target } from './figures.ts';
import { benchTable, quantile } from './figures.ts';
import type { MemoryFigures } from './memory-probe.ts';
import { medianRound, runRound } from './rounds.ts';
import { kPayload, NurseryLoad, SoloRuntime } from './solo-runtime.ts';
import { formatBytes, formatChangePct, formatDurationMs, formatDurationUs, formatRate, formatRatio } from '../reports/format.ts';
import type { RunOverrides } from '../harness/config.ts';
import { objectBytes } from '../runtime/heap.ts';

const kQuiet: RunOverrides = { record: false, verifyEvery: 0 };

async function medianOf(over: RunOverrides, rounds: number): Promise<ReturnType<typeof medianRound>> {
  const rs = [];
  for (let r = 0; r < rounds; r++) rs.push((await runRound('pin-concurrent', { ...kQuiet, ...over })).round);
  return medianRound(rs);
}

async function byMutators(o: BenchOptions): Promise<{ figures: unknown; text: string }> {
  const total = o.quick ? 40_000 : 200_000;
  const rounds = o.quick ? 1 : 3;
  const rows = [];
  for (const mutators of [1, 2, 4, 8]) rows.push({ mutators, ...await medianOf({ mutators, iterations: total / mutators }, rounds) });
  const base = rows[0].throughput;
  return {
    figures: { totalIterations: total, rounds, rows },
    text: benchTable(`Throughput vs mutators (pin-concurrent, ${total} iterations in all, verifier off, median of ${rounds})`,
      ['mutators', 'it/s', 'vs 1 mutator', 'pause p50', 'pause p99', 'ttsp p99', 'GCs'],
      rows.map((r) => [String(r.mutators), formatRate(r.throughput), formatRatio(r.throughput, base), formatDurationUs(r.pauseP50Us), formatDurationUs(r.pauseP99Us), formatDurationUs(r.ttspP99Us), r.minor.toFixed(0)]),
      ['2 cores: from 2 mutators on, mutators and the collector share them.']),
  };
}

async function byNursery(o: BenchOptions): Promise<{ figures: unknown; text: string }> {
  const base = o.quick ? 10_000 : 50_000;
  const minGcs = o.quick ? 8 : 20;
  const rounds = o.quick ? 1 : 3;
  const rows = [];
  for (const nurseryBytes of [16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20]) {
    // Enough iterations for minGcs collections even in the largest nursery, or its pause is one sample.
    const iterations = Math.max(base, Math.ceil((minGcs * nurseryBytes) / (4 * objectBytes(kPayload))));
    // On-demand collections only: the forced every-2000-allocations schedule would hide the nursery size.
    rows.push({ nurseryBytes, iterations, ...await medianOf({ mutators: 4, iterations, nurseryBytes, schedule: { everyAllocs: 0 } }, rounds) });
  }
  return {
    figures: { rounds, rows },
    text: benchTable(`Throughput and pause vs nursery size (pin-concurrent, 4 mutators, on-demand GC only, verifier off, median of ${rounds})`,
      ['nursery', 'iterations', 'it/s', 'pause p50', 'pause p99', 'ttsp p50', 'GCs', 'status'],
      rows.map((r) => [formatBytes(r.nurseryBytes), `4 x ${r.iterations}`, formatRate(r.throughput), formatDurationUs(r.pauseP50Us), formatDurationUs(r.pauseP99Us), formatDurationUs(r.ttspP50Us), r.minor.toFixed(0), r.statuses.join('/')]),
      ['status is the scenario\'s own verdict: "failed" here is its assertion that some GC caught a pinned object, which few on-demand GCs may not do.']),
  };
}

/** One thread, one collection at a time: the collector's work against the bytes it must copy. */
function byLiveBytes(o: BenchOptions): { figures: unknown; text: string } {
  const nurseryBytes = 1 << 20;
  const samples = o.quick ? 15 : 40;
  const rt = new SoloRuntime({ nurseryBytes, oldBytes: 128 << 20, rootsPerThread: nurseryBytes / objectBytes(kPayload) + 64 });
  const load = new NurseryLoad(rt);
  const rows: { survivorFraction: number; liveBytes: number; pauseP50Us: number; pauseMaxUs: number; gbPerS: number; marginalGbPerS: number }[] = [];
  const fractions = [0, 0.1, 0.25, 0.5, 1];
  const pauses: number[][] = fractions.map(() => []);
  const live: number[] = fractions.map(() => 0);
  const kWarm = 5; // rounds that warm the collector's code up, not counted
  // Round robin over the fractions, so a noisy moment spreads over every row.
  for (let s = 0; s < samples + kWarm; s++) {
    fractions.forEach((f, k) => {
      load.fill(f, 4);
      const t0 = performance.now();
      const e = rt.collect();
      const dt = (performance.now() - t0) * 1e3;
      if (s >= kWarm) pauses[k].push(dt);
      live[k] = e.bytesCopied + e.pinnedSeen * objectBytes(kPayload);
      load.clear();
    });
  }
  fractions.forEach((f, k) => {
    const p50 = quantile(pauses[k], 0.5);
    // Above the empty-nursery row: what each extra live byte costs, fixed costs (scan, sweep, poison) taken out.
    const marginal = k > 0 && p50 > rows[0].pauseP50Us ? (live[k] - rows[0].liveBytes) / ((p50 - rows[0].pauseP50Us) * 1e3) : 0;
    rows.push({ survivorFraction: f, liveBytes: live[k], pauseP50Us: p50, pauseMaxUs: Math.max(...pauses[k]), gbPerS: live[k] / (p50 * 1e3), marginalGbPerS: marginal });
  });
  return {
    figures: { nurseryBytes, pinned: 4, samples, rows },
    text: benchTable(`Pause vs live bytes (one minor GC of a full ${formatBytes(nurseryBytes)} nursery of ${kPayload}-byte objects, 4 pinned, 1 thread, ${samples} samples)`,
      ['survivors', 'live bytes', 'pause p50', 'pause max', 'live / pause GB/s', 'marginal GB/s'],
      rows.map((r) => [`${r.survivorFraction * 100}%`, formatBytes(r.liveBytes), formatDurationUs(r.pauseP50Us), formatDurationUs(r.pauseMaxUs), r.gbPerS.toFixed(2),
        r.marginalGbPerS > 0 ? r.marginalGbPerS.toFixed(2) : '-']),
      ['marginal: extra live bytes over extra pause, against the 0% row (DESIGN.md: object-by-object evacuation ~3 GB/s).']),
  };
}

function probe(total: number, over: RunOverrides = {}): Promise<MemoryFigures & { record: boolean }> {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const file = fileURLToPath(runnableModule(new URL(`./memory-probe${ext}`, import.meta.url).href));
  return new Promise((resolve, reject) => {
    const child = fork(file, [String(total), JSON.stringify(over)], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let got: MemoryFigures | null = null;
    child.on('message', (m) => { got = m as MemoryFigures; });
    child.on('error', reject);
    child.on('exit', (code) => (got ? resolve({ ...got, record: over.record ?? true }) : reject(new Error(`memory probe for ${total} iterations exited ${code} without figures`))));
  });
}

async function byIterations(o: BenchOptions): Promise<{ figures: unknown; text: string; targets: Target[] }> {
  const totals = o.quick ? [1e5, 1e6] : [1e5, 1e6, 1e7];
  const rows = [];
  for (const t of totals) rows.push(await probe(t));
  // The same ends without recording tell event recording apart from everything else that grows.
  const bare = o.quick ? [] : [await probe(totals[0], { record: false }), await probe(totals[totals.length - 1], { record: false })];
  const growthOf = (a: MemoryFigures, b: MemoryFigures): number => b.rssPeakBytes / a.rssPeakBytes - 1;
  const first = rows[0];
  const last = rows[rows.length - 1];
  const growth = growthOf(first, last);
  const e = (n: number): string => n.toExponential(0);
  const targets: Target[] = [{
    name: `peak RSS at ${e(last.totalIterations)} vs ${e(first.totalIterations)} iterations`, target: 'within 10%',
    measured: `${formatChangePct(growth * 100)} (${formatBytes(first.rssPeakBytes)} -> ${formatBytes(last.rssPeakBytes)})`, holds: Math.abs(growth) <= 0.1,
  }];
  const notes = [`peak RSS at ${e(last.totalIterations)} vs ${e(first.totalIterations)}: ${formatChangePct(growth * 100)} as shipped`];
  if (bare.length) {
    const g = growthOf(bare[0], bare[1]);
    notes[0] += `, ${formatChangePct(g * 100)} with record:false.`;
    targets.push({ name: 'the same with record:false', target: 'within 10%', measured: `${formatChangePct(g * 100)} (${formatBytes(bare[0].rssPeakBytes)} -> ${formatBytes(bare[1].rssPeakBytes)})`, holds: Math.abs(g) <= 0.1 });
  }
  return {
    figures: { rows: [...rows, ...bare], rssGrowth: growth, rssGrowthRecordFalse: bare.length ? growthOf(bare[0], bare[1]) : null },
    text: benchTable('Memory vs total iterations (pin-concurrent as shipped: record:true, verifier every 4th GC; a fresh process each)',
      ['iterations', 'record', 'it/s', 'run', 'RSS before', 'RSS peak', 'RSS after', 'heap peak', 'heap after GC', 'result JSON'],
      [...rows, ...bare].map((r) => [e(r.totalIterations), String(r.record), formatRate(r.throughput), formatDurationMs(r.durationMs), formatBytes(r.rssBeforeBytes), formatBytes(r.rssPeakBytes),
        formatBytes(r.rssAfterBytes), formatBytes(r.heapUsedPeakBytes), formatBytes(r.heapUsedAfterGcBytes), formatBytes(r.resultJsonBytes)]),
      [...notes, 'heap figures are the main thread\'s (where the result lands); RSS covers the workers too.']),
    targets,
  };
}

export async function scaling(o: BenchOptions): Promise<PartResult> {
  const mutators = await byMutators(o);
  const live = byLiveBytes(o);
  const nursery = await byNursery(o);
  const memory = await byIterations(o);
  return {
    figures: { mutators: mutators.figures, liveBytes: live.figures, nursery: nursery.figures, memory: memory.figures },
    text: [mutators.text, live.text, nursery.text, memory.text].join('\n'),
    targets: memory.targets,
  };
}
