// The protocol ladder: from the bare pin protocol on the runtime's own API up to pinstress's
// pin-concurrent as shipped, one harness layer per rung, side by side with both peers
// (shared/peer: ref.mjs, the same protocol lean in Node; ref.cpp, in C++) in the same script.
//   1. every round runs each rung once, 4 x N iterations, in an order that rotates every round,
//      and each peer once (one cold + one warm round per invocation), so drift on a noisy machine
//      hits all of them alike;
//   2. the rungs share one worker pool, as a suite does: after the discarded first round, every
//      rung runs on warm workers, as the peers' warm rounds do;
//   3. a rung's figure is the median over rounds; a peer's is the median of its warm rounds.
// Then the whole run: 4 x 1 000 000 as a user runs it (a fresh process: start-up, JIT warm-up,
// reports), against the C++ peer's warm rate.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions, PartResult, Target } from './figures.ts';
import { benchTable } from './figures.ts';
import { type PeerFigures, type PeerName, runPeer } from './peer.ts';
import { medianRound, type Round, runRound, withoutSamples } from './rounds.ts';
import { scenario as bare } from './bare-protocol.ts';
import { kPeerPayloadBytes, scenario as peerSized } from './peer-sized-protocol.ts';
import { formatCount, formatDurationMs, formatDurationUs, formatRate, formatRatio } from '../reports/format.ts';
import type { RunOverrides } from '../harness/config.ts';
import { median, medianBy } from '../harness/distribution.ts';
import { packageRoot } from '../harness/paths.ts';
import { PoolCache } from '../harness/pools.ts';
import type { ScenarioDefinition } from '../harness/common/scenario.ts';
import { SCENARIOS } from '../scenarios/index.ts';

interface Rung {
  name: string;
  adds: string;
  def: ScenarioDefinition;
  over: RunOverrides;
  /** A share of the ladder's iterations (the stress setting collects at every safepoint). */
  share?: number;
}

const pinConcurrent = SCENARIOS.get('pin-concurrent')!;
const onDemand: RunOverrides = { schedule: { everyAllocs: 0 } };
const bareHarness: RunOverrides = { record: false, verifyEvery: 0 };

const RUNGS: Rung[] = [
  { name: 'runtime alone', adds: 'handles, root slots, statistics, the operation trail, heartbeat and abort polling (bench/bare-protocol.ts)', def: bare, over: { ...bareHarness, ...onDemand } },
  { name: '+ scenario context', adds: 'sealed content written and checked in full, pin table, grading, every reachable object checked after each collection', def: pinConcurrent, over: { ...bareHarness, ...onDemand } },
  { name: '+ forced schedule', adds: "pin-concurrent's schedule: a collection every 2000 allocations, forced with the pin held", def: pinConcurrent, over: bareHarness },
  { name: '+ verifier', adds: 'the heap verifier at its default period', def: pinConcurrent, over: { record: false } },
  { name: '+ recording (as shipped)', adds: 'thread timelines and GC events recorded for the reports', def: pinConcurrent, over: {} },
  { name: 'as shipped, on-demand GCs', adds: 'as shipped, collections only when the nursery is full, as the peers do (pauses like for like)', def: pinConcurrent, over: onDemand },
  { name: "  and the peers' object size", adds: `the rung above allocating ${kPeerPayloadBytes}-byte payloads: 64-byte objects with the header, as the peers' (as many collections per round)`, def: peerSized, over: onDemand },
  { name: 'stress setting', adds: 'as shipped with --gc-every-safepoint: pin density', def: pinConcurrent, over: { schedule: { everyAllocs: 0, everySafepoint: true } }, share: 1 / 20 },
];
const kShipped = 4;
const kOnDemandShipped = 5;
const kPeerSized = 6;
const kStress = 7;

interface PeerRounds {
  name: PeerName;
  label: string;
  warm: number[]; // it/s of each invocation's warm round
  p50Us: number[];
  p99Us: number[];
  gcs: number[];
  failures: string[];
}

function peerRound(p: PeerRounds, iterations: number): void {
  const r = runPeer(iterations, 1, p.name);
  if (!r.ok) {
    p.failures.push(r.reason);
    return;
  }
  const f: PeerFigures = r.figures;
  p.warm.push(f.median);
  p.p50Us.push(f.pause_median_ns / 1e3);
  p.p99Us.push(f.pause_p99_ns / 1e3);
  p.gcs.push(f.collections_per_round);
}

const med = (xs: number[]): number | null => (xs.length ? median(xs) : null);

/** A user's whole run in a fresh process (start-up, JIT warm-up, reports): 4 x iterations / wall time. */
function wholeRun(iterations: number): { rate: number; wallMs: number; status: number | null } {
  const out = mkdtempSync(join(tmpdir(), 'pinstress-bench-'));
  try {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(packageRoot, 'bin/pinstress.js'), 'run', 'pin-concurrent', '--iterations', String(iterations), '--out', out],
      { stdio: 'ignore', timeout: 600_000, env: { ...process.env, CI: 'true' } });
    const wallMs = performance.now() - t0;
    return { rate: (4 * iterations) / (wallMs / 1000), wallMs, status: r.status };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function protocol(o: BenchOptions): Promise<PartResult> {
  const iterations = o.quick ? 20_000 : 100_000;
  const warm = o.quick ? 2 : 5;
  const peers: PeerRounds[] = [
    { name: 'js', label: 'ref.mjs', warm: [], p50Us: [], p99Us: [], gcs: [], failures: [] },
    { name: 'cpp', label: 'ref.cpp', warm: [], p50Us: [], p99Us: [], gcs: [], failures: [] },
  ];
  const rounds: Round[][] = RUNGS.map(() => []);
  const pools = new PoolCache();
  try {
    for (let r = 0; r <= warm; r++) { // round 0 warms the pool and is discarded
      if (r > 0) for (const p of peers) peerRound(p, iterations);
      for (let j = 0; j < RUNGS.length; j++) {
        const k = (j + r) % RUNGS.length;
        const { round } = await runRound(RUNGS[k].def, { mutators: 4, iterations: Math.round(iterations * (RUNGS[k].share ?? 1)), ...RUNGS[k].over }, { pools });
        if (r > 0) rounds[k].push(round);
      }
    }
  } finally {
    await pools.close();
  }
  const wholeIterations = o.quick ? 200_000 : 1_000_000;
  // Three of each, interleaved, the median by wall time: one fresh process is at the mercy of the
  // machine's moment. ref.mjs's whole process for the same work (one cold round): what Node
  // start-up and JIT warm-up cost the same protocol in the same language.
  const wholeRuns: ReturnType<typeof wholeRun>[] = [];
  const jsWholes: ReturnType<typeof runPeer>[] = [];
  for (let k = 0; k < (o.quick ? 1 : 3); k++) {
    wholeRuns.push(wholeRun(wholeIterations));
    jsWholes.push(runPeer(wholeIterations, 0, 'js'));
  }
  const whole = medianBy(wholeRuns, (w) => w.wallMs);
  const jsOk = jsWholes.filter((r) => r.ok);
  const jsWhole = jsOk.length ? medianBy(jsOk, (r) => (r.ok ? r.ms : 0)) : jsWholes[0];
  const jsWholeRate = jsWhole.ok ? (4 * wholeIterations) / (jsWhole.ms / 1000) : null;

  const [js, cpp] = peers;
  const jsRate = med(js.warm);
  const cppRate = med(cpp.warm);
  const cppP50 = med(cpp.p50Us);
  const cppP99 = med(cpp.p99Us);
  const rungs = RUNGS.map((g, k) => ({ name: g.name, adds: g.adds, overrides: g.over, warm: rounds[k].map(withoutSamples), median: medianRound(rounds[k]) }));
  const range = (k: number): string => {
    const t = rounds[k].map((x) => x.throughput);
    return `${formatRate(Math.min(...t))}-${formatRate(Math.max(...t))}`;
  };
  const rows = rungs.map((g, k) => {
    const m = g.median;
    const prev = (k > 0 && k <= kShipped) || k === kPeerSized ? rungs[k - 1].median.throughput : null;
    return [
      g.name, `${formatRate(m.throughput)} (${range(k)})`, prev ? formatRatio(m.throughput, prev) : '', formatRatio(m.throughput, jsRate), formatRatio(m.throughput, cppRate),
      formatDurationUs(m.pauseP50Us), formatRatio(m.pauseP50Us, cppP50), formatDurationUs(m.pauseP99Us), formatRatio(m.pauseP99Us, cppP99),
      m.minor.toFixed(0), m.statuses.join('/'),
    ];
  });
  for (const p of peers) {
    if (!p.warm.length) continue;
    rows.push([`peer ${p.label}`, `${formatRate(med(p.warm)!)} (${formatRate(Math.min(...p.warm))}-${formatRate(Math.max(...p.warm))})`, '',
      formatRatio(med(p.warm)!, jsRate), formatRatio(med(p.warm)!, cppRate), formatDurationUs(med(p.p50Us)!), formatRatio(med(p.p50Us)!, cppP50),
      formatDurationUs(med(p.p99Us)!), formatRatio(med(p.p99Us)!, cppP99), med(p.gcs)!.toFixed(0), p.failures.length ? `${p.failures.length} failed` : 'ok']);
  }
  const stress = rungs[kStress].median;
  const shipped = rungs[kShipped].median;
  // pins = iterations here, so exercised pins per second = exercised x (iterations per second / pins)
  const density = (m: typeof shipped): string =>
    `${(m.pins ? (100 * m.pinExercised) / m.pins : 0).toFixed(2)}% of ${formatCount(m.pins)} pins exercised, ${formatRate(m.pins ? m.pinExercised * (m.throughput / m.pins) : 0)}`;
  const notes = [
    `${warm} rounds after a discarded one, 4 x ${iterations} iterations per rung (the stress setting: 1/20 of that), one worker pool for all rungs; figures are medians over rounds; pauses: the median of each round's p50 / p99.`,
    "'vs rung above': what the rung's layer costs; ratios are ours / theirs (above 1x: faster for it/s, slower for pauses).",
    `pin density, as shipped: ${density(shipped)}; stress setting: ${density(stress)}.`,
    `whole run, 4 x ${wholeIterations} in a fresh process (bin/pinstress.js run pin-concurrent, start-up, JIT warm-up and reports included; the median of ${wholeRuns.length}: ${wholeRuns.map((w) => formatDurationMs(w.wallMs)).join(', ')}): ${formatDurationMs(whole.wallMs)}, ${formatRate(whole.rate)}${whole.status === 0 ? '' : ` (exit ${whole.status})`}; ref.mjs's whole process for the same work: ${jsWhole.ok ? `${formatDurationMs(jsWhole.ms)}, ${formatRate(jsWholeRate!)} (${formatRatio(whole.rate, jsWholeRate)})` : jsWhole.reason}.`,
    ...peers.flatMap((p) => p.failures.slice(0, 1).map((f) => `peer ${p.label} failed ${p.failures.length} time(s): ${f}`)),
  ];
  const onDemandShipped = rungs[kOnDemandShipped].median;
  const targets: Target[] = [
    { name: 'warm throughput as shipped vs ref.mjs', target: '>= 0.8x', measured: formatRatio(shipped.throughput, jsRate), holds: jsRate ? shipped.throughput / jsRate >= 0.8 : null },
    { name: 'warm throughput as shipped vs ref.cpp', target: '>= 0.5x', measured: formatRatio(shipped.throughput, cppRate), holds: cppRate ? shipped.throughput / cppRate >= 0.5 : null },
    { name: 'pause p50, on-demand GCs, vs ref.cpp', target: '<= 2x', measured: formatRatio(onDemandShipped.pauseP50Us, cppP50), holds: cppP50 ? onDemandShipped.pauseP50Us / cppP50 <= 2 : null },
    { name: 'pause p99, on-demand GCs, vs ref.cpp', target: '<= 5x', measured: formatRatio(onDemandShipped.pauseP99Us, cppP99), holds: cppP99 ? onDemandShipped.pauseP99Us / cppP99 <= 5 : null },
    { name: 'whole run 4 x 1M vs ref.cpp warm', target: '>= 0.4x', measured: formatRatio(whole.rate, cppRate), holds: cppRate && whole.status === 0 ? whole.rate / cppRate >= 0.4 : null },
  ];
  return {
    figures: { iterations, warmRounds: warm, peers, rungs, whole, wholeRuns, jsWhole, jsWholes },
    text: benchTable(`Protocol ladder: 4 x ${iterations}, pin-concurrent's loop, one layer per rung, against both peers`,
      ['rung', 'warm it/s (min-max)', 'vs rung above', 'vs ref.mjs', 'vs ref.cpp', 'pause p50', 'vs cpp', 'pause p99', 'vs cpp', 'GCs/round', 'status'],
      rows, notes),
    targets,
  };
}
