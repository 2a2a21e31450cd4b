// Pin strategies side by side (issue 7): the same scenario and seeds under each strategy, one row
// per strategy. Per-run figures are summarised by their median over seeds, so one unlucky schedule
// does not decide a row; worst cases (the longest locker wait) take the max, and forbidden
// outcomes are summed, since a single one is a bug whatever the other seeds did.
import { STRATEGIES, type Strategy } from '../runtime/layout.ts';
import type { RunOverrides } from './config.ts';
import { median } from './distribution.ts';
import { forbiddenCount, RUN_STATUSES, type RunResult, type RunStatus, summarize } from './result.ts';
import type { ScenarioRegistry } from './common/scenario.ts';
import type { ScenarioRef } from './scenario-ref.ts';
import { runSuite, type SuiteOptions } from './suite.ts';
import { UsageError } from './usage-error.ts';

export interface CompareOptions extends Pick<SuiteOptions, 'onRunStart' | 'onRunEnd' | 'onProgress' | 'version' | 'signal'> {
  scenario: ScenarioRef;
  strategies: readonly string[];
  seeds: readonly number[];
  /** Run options shared by every run; a strategy given here is replaced by each row's own. */
  overrides?: RunOverrides;
}

export interface StrategyRow {
  strategy: Strategy;
  runs: number;
  statusCounts: Record<RunStatus, number>;
  /** "3/3 passed", or e.g. "1/3 passed, 2 failed (starvation)". */
  statuses: string;
  throughput: number; // it/s
  /** null when no run of this row collected at all. */
  pauseP50Us: number | null;
  pauseP99Us: number | null;
  lockerWaitUs: number; // a run's total wait of collections for pins to drain
  lockerMaxWaitUs: number; // the longest single wait in any run
  pinCopies: number;
  pinCopyBytes: number;
  /** Nursery bytes kept by blocks that held pinned objects (in-place's cost). */
  maxRetainedBytes: number;
  /** Free pin-space bytes after the last sweep (copy-on-pin's fragmentation); null when not applicable or never swept. */
  pinSpaceFreeBytes: number | null;
  allocFailures: number;
  forbidden: number; // summed over runs
}

export interface Comparison {
  table: StrategyRow[];
  runs: RunResult[]; // in the order they ran: seed by seed, every strategy per seed
}

export function parseStrategies(names: readonly string[]): Strategy[] {
  if (names.length === 0) throw new UsageError(`name at least one pin strategy (${STRATEGIES.join(', ')}).`);
  const out: Strategy[] = [];
  for (const n of names) {
    if (!(STRATEGIES as readonly string[]).includes(n)) throw new UsageError(`unknown strategy "${n}" (use ${STRATEGIES.join(', ')}).`);
    if (out.includes(n as Strategy)) throw new UsageError(`strategy "${n}" is named twice.`);
    out.push(n as Strategy);
  }
  return out;
}

export async function compareStrategies(registry: ScenarioRegistry, o: CompareOptions): Promise<Comparison> {
  const strategies = parseStrategies(o.strategies);
  if (o.seeds.length === 0) throw new UsageError('name at least one seed.');
  const { strategy: _ignored, ...shared } = o.overrides ?? {};
  // Seed-major order: a slow spell of the machine then hits every strategy, not just one.
  const items = o.seeds.flatMap((seed) => strategies.map((strategy) => ({ scenario: o.scenario, seed, overrides: { strategy } })));
  const doc = await runSuite(registry, { ...o, items, overrides: shared });
  return { table: strategies.map((s) => strategyRow(s, doc.runs.filter((r) => r.config.strategy === s))), runs: doc.runs };
}

export function strategyRow(strategy: Strategy, runs: readonly RunResult[]): StrategyRow {
  const med = (f: (r: RunResult) => number, rs: readonly RunResult[] = runs): number => median(rs.map(f));
  const collected = runs.filter((r) => r.stats.pause.count > 0);
  // The pin space is swept only by a major collection; before one its free figure means nothing.
  const swept = strategy === 'copy-on-pin' ? runs.filter((r) => r.stats.majorCollections > 0) : [];
  const { total: _total, ...statusCounts } = summarize(runs);
  return {
    strategy,
    runs: runs.length,
    statusCounts,
    statuses: statusLine(runs),
    throughput: med((r) => r.stats.throughput),
    pauseP50Us: collected.length ? med((r) => r.stats.pause.p50, collected) : null,
    pauseP99Us: collected.length ? med((r) => r.stats.pause.p99, collected) : null,
    lockerWaitUs: med((r) => r.stats.gcLockerWaitUs),
    lockerMaxWaitUs: Math.max(0, ...runs.map((r) => r.stats.gcLockerMaxWaitUs)),
    pinCopies: med((r) => r.stats.pinCopies),
    pinCopyBytes: med((r) => r.stats.pinCopyBytes),
    maxRetainedBytes: med((r) => r.stats.maxRetainedBytes),
    pinSpaceFreeBytes: swept.length ? med((r) => r.stats.pinSpaceFreeBytes, swept) : null,
    allocFailures: med((r) => r.stats.allocFailures),
    forbidden: runs.reduce((a, r) => a + forbiddenCount(r), 0),
  };
}

function statusLine(runs: readonly RunResult[]): string {
  const parts = [`${runs.filter((r) => r.status === 'passed').length}/${runs.length} passed`];
  for (const s of RUN_STATUSES) {
    if (s === 'passed') continue;
    const these = runs.filter((r) => r.status === s);
    if (these.length === 0) continue;
    const kinds = [...new Set(these.map((r) => r.diagnosis?.kind).filter((k) => k !== undefined))];
    parts.push(`${these.length} ${s}${kinds.length ? ` (${kinds.join(', ')})` : ''}`);
  }
  return parts.join(', ');
}
