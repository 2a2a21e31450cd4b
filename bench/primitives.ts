// Primitives, with tinybench: the mutator fast paths, one minor collection of a full 64 KiB
// nursery (survivor sweep, some pins), the heap verifier, and one safepoint handshake with 4 real
// threads. Fast paths run in batches of kBatch per sample: one call is below the timer's grain.
import * as L from '../runtime/layout.ts';
import { Bench, type Task } from 'tinybench';
import type { GcEvent } from '../runtime/collector.ts';
import { lock, unlock } from '../runtime/mutex.ts';
import { PoisonWatch, verifyHeap } from '../runtime/verify.ts';
import { resolveConfig, RUN_OPTIONS } from '../harness/config.ts';
import { Rng } from '../harness/common/seed.ts';
import { ScenarioContext } from '../harness/worker/context.ts';
import { GlobalShadow, globalShadowBytes } from '../harness/common/global-shadow.ts';
import { RunMemory } from '../harness/common/run-memory.ts';
import { TimelineRecorder } from '../harness/worker/recorder.ts';
import { pinRoundTrips as pinConcurrent } from '../scenarios/pin-concurrent.ts';
import { benchTable, type BenchOptions, type PartResult } from './figures.ts';
import { startHandshakeWorld } from './handshake.ts';
import { kPayload, NurseryLoad, SoloRuntime } from './solo-runtime.ts';
import { formatBytes, formatDurationUs } from '../reports/format.ts';

const kBatch = 1000;
const kSurvivorSweep = [0, 0.1, 0.5];
const kPinned = 4;
// Without it tinybench calls each task once, hooks skipped, to see whether it is async: an
// allocation outside beforeEach's reservation would park the lone mutator forever.
const kSync = { async: false };

interface Row {
  name: string;
  /** per operation, ns */
  p50Ns: number;
  p99Ns: number;
  meanNs: number;
  samples: number;
  extra?: Record<string, number>;
}

function statsOf(t: Task, perSample: number): Omit<Row, 'name' | 'extra'> {
  const r = t.result;
  if (r.state !== 'completed') throw new Error(`bench task "${t.name}" ${r.state}${'error' in r ? `: ${r.error.message}` : ''}`);
  const k = 1e6 / perSample; // latency is in ms per sample
  return { p50Ns: r.latency.p50 * k, p99Ns: r.latency.p99 * k, meanNs: r.latency.mean * k, samples: r.latency.samplesCount };
}

async function fastPaths(o: BenchOptions): Promise<Row[]> {
  const rt = new SoloRuntime({ nurseryBytes: 4 << 20, rootsPerThread: 64 });
  const { h, m } = rt;
  const config = resolveConfig('pin-concurrent', { mutators: 1, iterations: kBatch, schedule: { everyAllocs: 0 } });
  const ctx = new ScenarioContext(m, config, new Rng(1), new GlobalShadow(new SharedArrayBuffer(globalShadowBytes(h.globalRoots))), RunMemory.create(h.threads));
  const pinned = m.allocBytes(kPayload);
  let rec = new TimelineRecorder(kBatch);
  const bench = new Bench({ time: o.quick ? 100 : 400, warmupTime: o.quick ? 30 : 100, throws: true });
  bench
    .add('alloc(64) + release (amortised TLAB refill)', () => {
      for (let i = 0; i < kBatch; i++) m.release(m.allocBytes(kPayload));
    }, { ...kSync, beforeEach: () => rt.reserve(kBatch) })
    .add('pin + unpin', () => {
      for (let i = 0; i < kBatch; i++) {
        m.pin(pinned);
        m.unpin(pinned);
      }
    }, kSync)
    .add('safepoint poll (no request)', () => {
      for (let i = 0; i < kBatch; i++) m.safepoint();
    }, kSync)
    .add('gc_mutex lock + unlock (uncontended)', () => {
      for (let i = 0; i < kBatch; i++) {
        lock(h, 0);
        unlock(h, 0);
      }
    }, kSync)
    // What record:true adds to every park and contended lock (twice each).
    .add('timeline recorder transition (record:true)', () => {
      for (let i = 0; i < kBatch; i++) rec.transition(i & 3);
    }, { ...kSync, beforeEach: () => { rec = new TimelineRecorder(kBatch); } })
    // The scenario's own loop, one thread: the ceiling for the 4-thread protocol, without contention.
    .add('pin-concurrent iteration (1 thread, no GC)', () => pinConcurrent(ctx), { ...kSync, beforeEach: () => rt.reserve(kBatch) });
  await bench.run();
  return bench.tasks.map((t) => ({ name: t.name, ...statsOf(t, kBatch) }));
}

/** Each sample is one collection; the heap state is built in beforeEach, outside the timing. */
async function collections(o: BenchOptions): Promise<Row[]> {
  const rt = new SoloRuntime({ nurseryBytes: 64 * 1024, oldBytes: 64 << 20, rootsPerThread: 2048 });
  const load = new NurseryLoad(rt);
  const iterations = o.quick ? 60 : 300;
  const bench = new Bench({ time: 0, iterations, warmupTime: 0, warmupIterations: 20, throws: true });
  const events = new Map<string, GcEvent[]>();
  const name = (f: number): string => `minor GC, 64 KiB nursery full, ${f * 100}% survive, ${kPinned} pinned`;
  for (const f of kSurvivorSweep) {
    const ev: GcEvent[] = [];
    events.set(name(f), ev);
    bench.add(name(f), () => { ev.push(rt.collect()); }, {
      ...kSync,
      beforeAll: () => { ev.length = 0; },
      beforeEach: () => load.fill(f, kPinned),
      afterEach: () => load.clear(),
    });
  }
  // The verifier on the run default old space (16 MiB): in full (every free word of old space
  // checked for poison: tests, the end of a run), and as the collector runs it (poison checked over
  // what was freed since the last verification plus one rolling window, PoisonWatch).
  const oldBytes = RUN_OPTIONS.oldBytes.default;
  const vrt = new SoloRuntime({ nurseryBytes: 64 * 1024, oldBytes, rootsPerThread: 2048 });
  const vload = new NurseryLoad(vrt);
  const watch = new PoisonWatch(vrt.h);
  for (const [mode, opts] of [['full', () => ({})], ['incremental', () => ({ oldPoison: watch.next() })]] as const) {
    bench.add(`heap verifier after that GC, ${mode} (10% survive, ${formatBytes(oldBytes)} old space)`, () => {
      if (verifyHeap(vrt.h, opts()).length > 0) throw new Error('heap verifier found problems');
    }, {
      ...kSync,
      beforeEach: () => { vload.fill(0.1, kPinned); vrt.collect(); },
      afterEach: () => vload.clear(),
    });
  }
  await bench.run();
  return bench.tasks.map((t) => {
    const ev = events.get(t.name);
    if (!ev) return { name: t.name, ...statsOf(t, 1) };
    const copied = ev.reduce((a, e) => a + e.bytesCopied, 0);
    const workUs = ev.reduce((a, e) => a + e.workUs, 0);
    return {
      name: t.name, ...statsOf(t, 1),
      extra: {
        bytesCopiedPerGc: copied / ev.length, objectsCopiedPerGc: ev.reduce((a, e) => a + e.objectsCopied, 0) / ev.length,
        retainedBlocksPerGc: ev.reduce((a, e) => a + e.retainedBlocks, 0) / ev.length,
        copyGBps: workUs > 0 ? copied / (workUs * 1e3) : 0, majorDuringSample: ev.filter((e) => e.kind !== L.kGcMinor).length,
      },
    };
  });
}

async function handshake(o: BenchOptions, threads: number): Promise<Row> {
  const world = await startHandshakeWorld(threads);
  const ev: GcEvent[] = [];
  const name = `safepoint handshake, ${threads} polling thread${threads > 1 ? 's' : ''} (empty minor GC)`;
  const bench = new Bench({ time: 0, iterations: o.quick ? 100 : 500, warmupTime: 0, warmupIterations: 20, throws: true });
  bench.add(name, () => { ev.push(world.collect()); }, { ...kSync, beforeAll: () => { ev.length = 0; }, beforeEach: () => world.awaitRunning() });
  try {
    await bench.run();
  } finally {
    await world.close();
  }
  const sorted = (xs: number[]): number[] => xs.sort((a, b) => a - b);
  const ttsp = sorted(ev.map((e) => e.ttspUs));
  const restart = sorted(ev.map((e) => e.pauseUs - e.workUs - e.ttspUs));
  return {
    name, ...statsOf(bench.tasks[0], 1),
    extra: { ttspP50Us: ttsp[ttsp.length >> 1], restartP50Us: restart[restart.length >> 1] },
  };
}

export async function primitives(o: BenchOptions): Promise<PartResult> {
  // One thread shows the wake-up floor; four (on two cores) add the wait for a descheduled thread.
  const rows = [...await fastPaths(o), ...await collections(o), await handshake(o, 1), await handshake(o, 4)];
  const text = benchTable('Primitives (tinybench; per operation; fast paths timed in batches of 1000)',
    ['primitive', 'p50', 'p99', 'mean', 'samples', 'notes'],
    rows.map((r) => [r.name, formatDurationUs(r.p50Ns / 1000), formatDurationUs(r.p99Ns / 1000), formatDurationUs(r.meanNs / 1000), String(r.samples), notes(r)]),
    ['p99 of a batched fast path is the p99 of 1000-op batch means, not of single operations.']);
  return { figures: { rows }, text, targets: [] };
}

function notes(r: Row): string {
  const x = r.extra;
  if (!x) return '';
  if ('ttspP50Us' in x) return `ttsp p50 ${formatDurationUs(x.ttspP50Us)}, restart p50 ${formatDurationUs(x.restartP50Us)}`;
  return `${formatBytes(Math.round(x.bytesCopiedPerGc))} copied, ${x.retainedBlocksPerGc.toFixed(1)} blocks retained, ` +
    `copied/work ${x.copyGBps.toFixed(2)} GB/s${x.majorDuringSample ? `, ${x.majorDuringSample} major!` : ''}`;
}
