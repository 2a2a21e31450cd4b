// Selftest: run every fault of the catalog with the fault on; it must be caught with the expected
// status, diagnosis kind and outcome class. Probabilistic faults get up to `seeds` tries.
import { resolveConfig, type RunOverrides } from './config.ts';
import type { DiagnosisKind, RunResult, RunStatus } from './result.ts';
import { executeRun, type RunOptions } from './run.ts';
import { PoolCache } from './pools.ts';
import type { ScenarioRegistry } from './common/scenario.ts';
import type { FaultName } from '../runtime/faults.ts';
import type { ForbiddenOutcome } from '../runtime/layout.ts';

/** Which scenario catches a fault, and how the catch must look. */
export interface CatalogEntry {
  fault: FaultName;
  scenario: string;
  overrides: RunOverrides;
  status: RunStatus;
  kind: DiagnosisKind;
  /**
   * For forbidden-outcome catches, the classes that are right. More than one only where two
   * observers see the same damage at the same moment (the collector's verifier and the mutator that
   * holds the object) and each names it from its side; `why` says what each sees.
   */
  outcomes: readonly ForbiddenOutcome[];
  why: string;
}

export interface SelftestRow {
  fault: string;
  scenario: string;
  detected: boolean;
  rightClass: boolean;
  expected: string;
  got: string;
  timeToDetectionMs: number;
  seedsTried: number;
  repro: string;
}

export function classOf(r: RunResult): string {
  return `${r.status}/${r.diagnosis?.kind ?? '-'}${r.diagnosis?.firstFailure ? `/${r.diagnosis.firstFailure.outcome}` : ''}`;
}

export function expectedClass(e: CatalogEntry): string {
  return `${e.status}/${e.kind}${e.outcomes.length ? `/${e.outcomes.join('|')}` : ''}`;
}

/** True when a run was caught as the entry says (any of its stated classes). */
export function caughtAsExpected(r: RunResult, e: CatalogEntry): boolean {
  const f = r.diagnosis?.firstFailure;
  return r.status === e.status && r.diagnosis?.kind === e.kind && (e.outcomes.length === 0 ? !f : !!f && e.outcomes.includes(f.outcome));
}

export async function runFaultEntry(registry: ScenarioRegistry, e: CatalogEntry, seed: number, extra: RunOverrides = {}, opts: RunOptions = {}): Promise<RunResult> {
  const def = registry.get(e.scenario);
  if (!def) throw new Error(`fault catalog names unknown scenario ${e.scenario}`);
  return executeRun(def, resolveConfig(def.name, def.defaults, e.overrides, extra, { seed, fault: [e.fault] }), opts);
}

export async function selftest(registry: ScenarioRegistry, catalog: readonly CatalogEntry[], o: SelftestOptions): Promise<SelftestRow[]> {
  const rows: SelftestRow[] = [];
  const pools = new PoolCache(); // as a suite: warm workers; a pool whose run hung is replaced
  try {
    for (const e of catalog) rows.push(await selftestEntry(registry, e, o, pools));
  } finally {
    await pools.close();
  }
  return rows;
}

type SelftestOptions = { seeds: number; firstSeed: number; overrides?: RunOverrides; onRow?: (r: SelftestRow) => void };

/** One catalog entry: its seeds until the fault shows, then its row. */
async function selftestEntry(registry: ScenarioRegistry, e: CatalogEntry, o: SelftestOptions, pools: PoolCache): Promise<SelftestRow> {
  let last: RunResult | null = null;
  let tries = 0;
  for (let s = 0; s < o.seeds; s++) {
    tries++;
    last = await runFaultEntry(registry, e, o.firstSeed + s, o.overrides, { pools });
    if (last.status !== 'passed') break;
  }
  const r = last!;
  const row: SelftestRow = {
    fault: e.fault, scenario: e.scenario, detected: r.status !== 'passed', rightClass: caughtAsExpected(r, e),
    expected: expectedClass(e), got: classOf(r), timeToDetectionMs: r.durationMs, seedsTried: tries, repro: r.repro,
  };
  o.onRow?.(row);
  return row;
}
