// One scenario run through executeRun, reduced to the figures the bench tables use. A run starts a
// fresh piscina pool (about 140 ms of worker start-up) unless it is handed a PoolCache, as a suite
// does; either way throughput comes from stats.throughput (the mutators' own wall time), never
// from durationMs.
import { resolveConfig, type RunOverrides } from '../harness/config.ts';
import { median } from '../harness/distribution.ts';
import type { RunResult } from '../harness/result.ts';
import { executeRun, type RunOptions } from '../harness/run.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import type { ScenarioDefinition } from '../harness/common/scenario.ts';

export interface Round {
  status: string;
  throughput: number;
  durationMs: number;
  minor: number;
  major: number;
  pauseP50Us: number;
  pauseP99Us: number;
  pauseMaxUs: number;
  ttspP50Us: number;
  ttspP99Us: number;
  pins: number;
  /** Pinned objects a collection really moved past (checked intact after it). */
  pinExercised: number;
  /** Every pause of the run (only when events were recorded), to pool across rounds as the peer does. */
  pausesUs?: number[];
}

export async function runRound(scenario: string | ScenarioDefinition, over: RunOverrides, opts: RunOptions = {}): Promise<{ round: Round; result: RunResult }> {
  const def = typeof scenario === 'string' ? SCENARIOS.get(scenario) : scenario;
  if (!def) throw new Error(`unknown scenario ${String(scenario)}`);
  const r = await executeRun(def, resolveConfig(def.name, def.defaults, over), opts);
  const s = r.stats;
  const round: Round = {
    status: r.status, throughput: s.throughput, durationMs: r.durationMs, minor: s.minorCollections, major: s.majorCollections,
    pauseP50Us: s.pause.p50, pauseP99Us: s.pause.p99, pauseMaxUs: s.pause.max, ttspP50Us: s.ttsp.p50, ttspP99Us: s.ttsp.p99,
    pins: s.pins, pinExercised: r.outcomes.pinExercised,
  };
  if (r.events) round.pausesUs = r.events.gc.map((g) => g.pauseUs);
  if (r.status !== 'passed') process.stderr.write(`[bench] ${def.name} ${JSON.stringify(over)}: ${r.status}: ${r.diagnosis?.message ?? ''}\n`);
  return { round, result: r };
}

/** Medians over rounds of each figure (a round that did not pass still counts: its status says so). */
export function medianRound(rounds: Round[]): Omit<Round, 'status' | 'pausesUs'> & { n: number; statuses: string[] } {
  const m = (k: keyof Round): number => median(rounds.map((r) => r[k] as number));
  return {
    n: rounds.length, statuses: [...new Set(rounds.map((r) => r.status))], throughput: m('throughput'), durationMs: m('durationMs'),
    minor: m('minor'), major: m('major'), pauseP50Us: m('pauseP50Us'), pauseP99Us: m('pauseP99Us'), pauseMaxUs: m('pauseMaxUs'),
    ttspP50Us: m('ttspP50Us'), ttspP99Us: m('ttspP99Us'), pins: m('pins'), pinExercised: m('pinExercised'),
  };
}

export function withoutSamples(r: Round): Omit<Round, 'pausesUs'> {
  const { pausesUs: _drop, ...rest } = r;
  return rest;
}
