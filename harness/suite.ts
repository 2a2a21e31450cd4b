// A suite: a list of runs (scenario, seed, overrides of its own), run one after another (each run
// owns the whole machine), into one results document. Three ways to end it:
//   fixed          every item once (the default: `run`, the default suite, the soak's matrix);
//   duration       the items again and again, each round on fresh seeds, until the time is spent;
//   until-failure  the same, stopping at the first run that does not pass.
// Every item's configuration is resolved before the first run starts, and every runtime library
// it names is loaded and checked: bad input fails at once. An item the runtime cannot run (a
// requirement it lacks, harness/requirements.ts) is skipped with a sentence, never failed.
import { cpus, hostname } from 'node:os';
import { resolveConfig, type RunOverrides } from './config.ts';
import { kSchemaVersion, summarize, type ResultsDocument, type RunConfig, type RunResult, type SkippedRun } from './result.ts';
import { runTargetOf, unmetRequirement } from './requirements.ts';
import { executeRun, type RunOptions } from './run.ts';
import { PoolCache } from './pools.ts';
import type { ScenarioDefinition, ScenarioRegistry } from './common/scenario.ts';
import { resolveScenario, scenarioFileOf, type ScenarioRef } from './scenario-ref.ts';

/** One run of a suite, as given: which scenario, which seed, and overrides of its own. */
export interface SuiteItem {
  scenario: ScenarioRef;
  seed: number;
  overrides?: RunOverrides;
}

/** A suite entry before seeds: a scenario and the overrides it runs with (a strategy, a schedule). */
export interface SuiteEntry {
  scenario: ScenarioRef;
  overrides?: RunOverrides;
}

export interface RunModes {
  /** Keep going over fresh seeds until this much time is spent (ms). */
  durationMs?: number;
  /** Stop at the first run that does not pass. */
  untilFailure?: boolean;
}

/** Where a suite stands, for progress displays. */
export interface SuiteProgress {
  index: number; // of the run starting or ending, 0-based
  total: number | null; // null while the suite has no fixed length
  done: number;
  failed: number;
  elapsedMs: number;
  remainingMs: number | null; // time left of --duration, or null
}

export interface SuiteOptions extends RunOptions {
  items: readonly SuiteItem[];
  /** The user's overrides, over every item's own. */
  overrides?: RunOverrides;
  modes?: RunModes;
  /** Narrow the items (sharding); identity when absent. */
  select?: (items: SuiteItem[]) => SuiteItem[];
  /** Keep timelines and GC events of every run, or only of runs that did not pass (long suites). */
  keepEvents?: 'all' | 'failures';
  onRunStart?: (label: string, p: SuiteProgress) => void;
  onRunEnd?: (r: RunResult, p: SuiteProgress) => void;
  /** An item the runtime cannot run, once, before any run starts. */
  onRunSkipped?: (s: SkippedRun) => void;
  shardLabel?: string;
  version?: string;
}

/** Every entry with every seed, entries outermost. */
export function itemsOf(entries: readonly SuiteEntry[], seeds: readonly number[]): SuiteItem[] {
  return entries.flatMap((e) => seeds.map((seed) => ({ ...e, seed })));
}

/** The seeds of a round after the first: shifted past every seed the items used, so none repeats. */
function nextRound(items: readonly SuiteItem[], round: number): SuiteItem[] {
  const seeds = items.map((it) => it.seed);
  const span = Math.max(...seeds) - Math.min(...seeds) + 1;
  return items.map((it) => ({ ...it, seed: (it.seed + round * span) >>> 0 }));
}

/** The label a progress display shows for a run: scenario, seed, and what its own overrides change. */
export function itemLabel(c: RunConfig, own?: RunOverrides): string {
  const extra = own ? Object.entries(own).filter(([k]) => k !== 'seed').map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`) : [];
  return [`${c.scenario} seed=${c.seed}`, ...extra].join(' ');
}

interface Planned {
  def: ScenarioDefinition;
  config: RunConfig;
  item: SuiteItem;
}

export async function runSuite(registry: ScenarioRegistry, o: SuiteOptions): Promise<ResultsDocument> {
  const defs = new Map<ScenarioRef, ScenarioDefinition>();
  for (const it of o.items) if (!defs.has(it.scenario)) defs.set(it.scenario, await resolveScenario(it.scenario, registry));
  const plan = (items: readonly SuiteItem[]): Planned[] => items.map((item) => {
    const def = defs.get(item.scenario)!;
    return { def, item, config: resolveConfig(def.name, def.defaults, item.overrides, o.overrides, { seed: item.seed }) };
  });
  const selected = o.select ? o.select([...o.items]) : [...o.items];
  // Resolved, and each run's runtime checked, before any run starts.
  const skipped: SkippedRun[] = [];
  const first: SuiteItem[] = [];
  for (const p of plan(selected)) {
    const t = await runTargetOf(p.config);
    const reason = unmetRequirement(p.def, p.config, t.capabilities, t.who);
    if (reason === null) first.push(p.item);
    else {
      const s = { scenario: p.def.name, seed: p.config.seed, label: itemLabel(p.config, p.item.overrides), runtime: p.config.runtime ?? null, reason };
      skipped.push(s);
      o.onRunSkipped?.(s);
    }
  }
  let round = plan(first);
  const endless = o.modes?.durationMs !== undefined || o.modes?.untilFailure === true;
  const t0 = performance.now();
  const deadline = o.modes?.durationMs !== undefined ? t0 + o.modes.durationMs : Infinity;
  const runs: RunResult[] = [];
  let failed = 0;
  const pools = new PoolCache(); // one pool for runs of the same size: warm workers, no start-up per run
  const progress = (index: number): SuiteProgress => ({
    index, total: endless ? null : round.length, done: runs.length, failed, elapsedMs: performance.now() - t0,
    remainingMs: Number.isFinite(deadline) ? Math.max(0, deadline - performance.now()) : null,
  });
  try {
    return await runRounds();
  } finally {
    await pools.close();
  }

  async function runRounds(): Promise<ResultsDocument> {
    for (let r = 0; round.length > 0; r++) {
      if (r > 0) round = plan(nextRound(first, r));
      for (const p of round) {
        if (performance.now() >= deadline || o.signal?.aborted) return finish();
        const index = runs.length;
        o.onRunStart?.(itemLabel(p.config, p.item.overrides), progress(index));
        const result = await executeRun(p.def, p.config, { ...o, pools, scenarioFile: scenarioFileOf(p.def, registry) });
        if (o.shardLabel) result.shard = o.shardLabel;
        if (result.status !== 'passed') failed++;
        else if (o.keepEvents === 'failures') delete result.events;
        runs.push(result);
        o.onRunEnd?.(result, progress(index));
        if ((o.modes?.untilFailure && result.status !== 'passed') || o.signal?.aborted) return finish();
      }
      if (!endless) break;
  }
    return finish();
  }

  function finish(): ResultsDocument {
    return makeDocument(runs, o.version ?? '0.0.0', skipped);
  }
}

export function makeDocument(runs: RunResult[], version: string, skipped: SkippedRun[] = []): ResultsDocument {
  return {
    schemaVersion: kSchemaVersion,
    tool: { name: 'pinstress', version },
    createdAt: new Date().toISOString(),
    host: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length, hostname: hostname() },
    runs,
    ...(skipped.length ? { skipped } : {}),
    summary: summarize(runs),
  };
}
