// The protocol: pin-concurrent at 4 x 100000 through executeRun, 1 cold + 5 warm rounds per mode,
// side by side with the C++ peer in the same script. Modes run interleaved, in an order that
// rotates every round, so drift on a noisy machine hits them alike. Cold is the first round of
// each mode; only the very first run of the process is truly cold, since every round starts
// fresh workers (their JIT starts from nothing every time).
import type { BenchOptions, PartResult, Target } from './figures.ts';
import { benchTable, quantile } from './figures.ts';
import { type PeerResult, runPeer } from './peer.ts';
import { medianRound, type Round, runRound, withoutSamples } from './rounds.ts';
import { formatChangePct, formatDurationUs, formatRate, formatRatio } from '../reports/format.ts';
import type { RunOverrides } from '../harness/config.ts';

interface Mode {
  name: string;
  over: RunOverrides;
}

// The verifier runs every 4th collection by default and the peer has none: the verifier-off pair
// isolates its cost, and measures the recording cost without the verifier's pauses swamping it.
const MODES: Mode[] = [
  { name: 'record:false', over: { record: false } },
  { name: 'record:true', over: { record: true } },
  { name: 'record:false, verifier off', over: { record: false, verifyEvery: 0 } },
  { name: 'record:true, verifier off', over: { record: true, verifyEvery: 0 } },
];

const kDesignNodeRatio = 0.55; // DESIGN.md: a lean Node version of the protocol runs ~0.55x the peer

export async function protocol(o: BenchOptions): Promise<PartResult> {
  const iterations = o.quick ? 20_000 : 100_000;
  const warm = o.quick ? 2 : 5;
  const peer: PeerResult = runPeer(iterations, warm);
  if (!peer.ok) process.stderr.write(`[bench] C++ peer could not run: ${peer.reason}\n`);

  const rounds: Round[][] = MODES.map(() => []);
  for (let r = 0; r <= warm; r++) {
    for (let j = 0; j < MODES.length; j++) {
      const k = (j + r) % MODES.length;
      const { round } = await runRound('pin-concurrent', { mutators: 4, iterations, ...MODES[k].over });
      rounds[k].push(round);
    }
  }

  const pf = peer.ok ? peer.figures : null;
  const peerP50Us = pf ? pf.pause_median_ns / 1e3 : null;
  const peerP99Us = pf ? pf.pause_p99_ns / 1e3 : null;
  const modes = MODES.map((m, k) => {
    const [cold, ...w] = rounds[k];
    const pooled = w.flatMap((r) => r.pausesUs ?? []);
    return {
      name: m.name, overrides: m.over, cold: withoutSamples(cold), warm: w.map(withoutSamples), warmMedian: medianRound(w),
      pooledPause: pooled.length ? { count: pooled.length, p50Us: quantile(pooled, 0.5), p99Us: quantile(pooled, 0.99) } : null,
    };
  });
  const [plain, recorded, plainNoVerify, recordedNoVerify] = modes;
  const recordingCost = 1 - recorded.warmMedian.throughput / plain.warmMedian.throughput;
  const recordingCostNoVerify = 1 - recordedNoVerify.warmMedian.throughput / plainNoVerify.warmMedian.throughput;
  // Half the min-max range of the record:false warm rounds, relative to their median: differences
  // smaller than this are not told apart from the machine's noise by 5 rounds.
  const spread = (m: (typeof modes)[number]): number =>
    (Math.max(...m.warm.map((r) => r.throughput)) - Math.min(...m.warm.map((r) => r.throughput))) / 2 / m.warmMedian.throughput;

  const rows = modes.map((m) => {
    const w = m.warmMedian;
    const range = `${formatRate(Math.min(...m.warm.map((r) => r.throughput)))}-${formatRate(Math.max(...m.warm.map((r) => r.throughput)))}`;
    return [
      `ours, ${m.name}`, formatRate(m.cold.throughput), `${formatRate(w.throughput)} (${range})`, formatRatio(w.throughput, pf?.median),
      formatDurationUs(w.pauseP50Us), formatRatio(w.pauseP50Us, peerP50Us), formatDurationUs(w.pauseP99Us), formatRatio(w.pauseP99Us, peerP99Us), w.minor.toFixed(0),
      w.statuses.join('/'),
    ];
  });
  if (pf) {
    rows.push(['C++ peer (ref.cpp)', formatRate(pf.cold), `${formatRate(pf.median)} (${formatRate(pf.min)}-${formatRate(pf.max)})`, '1x',
      formatDurationUs(peerP50Us!), '1x', formatDurationUs(peerP99Us!), '1x', pf.collections_per_round.toFixed(0), pf.errors ? `${pf.errors} errors` : 'ok']);
  }
  const notes = [
    `${warm} warm rounds after 1 cold, 4 x ${iterations} iterations each; pauses: median over rounds of each round's p50 / p99.`,
    'cold: each mode\'s first round; only the first (record:false) is the process\'s first run, and every round starts fresh workers whose JIT starts cold.',
    `ratios are ours / peer: above 1x is faster for it/s, slower for pauses.`,
  ];
  if (recorded.pooledPause && pf) {
    const pp = recorded.pooledPause;
    notes.push(`pooled over the record:true warm rounds as the peer pools (${pp.count} pauses): p50 ${formatDurationUs(pp.p50Us)} (${formatRatio(pp.p50Us, peerP50Us)}), p99 ${formatDurationUs(pp.p99Us)} (${formatRatio(pp.p99Us, peerP99Us)}).`);
  }
  notes.push(`event recording cost (record:true vs record:false, warm medians): ${formatChangePct(recordingCost * 100)} throughput lost; ${formatChangePct(recordingCostNoVerify * 100)} with the verifier off.`);
  if (!peer.ok) notes.push(`C++ peer did not run: ${peer.reason}; ratios are missing.`);

  const targets: Target[] = [
    { name: 'event recording cost', target: '< 5% throughput', measured: `${formatChangePct(recordingCost * 100)} (rounds spread +-${(spread(plain) * 100).toFixed(0)}%)`, holds: recordingCost < 0.05 },
    {
      name: 'event recording cost, verifier off', target: '< 5% throughput',
      measured: `${formatChangePct(recordingCostNoVerify * 100)} (rounds spread +-${(spread(plainNoVerify) * 100).toFixed(0)}%)`, holds: recordingCostNoVerify < 0.05,
    },
    {
      name: 'protocol throughput vs C++ peer', target: `~${kDesignNodeRatio}x (lean Node, DESIGN.md)`,
      measured: pf ? formatRatio(plain.warmMedian.throughput, pf.median) : 'peer did not run',
      holds: pf ? plain.warmMedian.throughput / pf.median >= kDesignNodeRatio : null,
    },
  ];
  return {
    figures: { iterations, warmRounds: warm, peer, modes, recordingCost, recordingCostNoVerify },
    text: benchTable(`Protocol: pin-concurrent 4 x ${iterations} vs the C++ peer`,
      ['run', 'cold it/s', 'warm median it/s (min-max)', 'vs peer', 'pause p50', 'vs peer', 'pause p99', 'vs peer', 'GCs/round', 'status'],
      rows, notes),
    targets,
  };
}
