// Shrink: look for the smallest configuration that still fails the same way (same status and
// diagnosis kind): fewer mutators, fewer iterations, fewer forced collections, no perturbation.
// Greedy: each accepted step makes one dimension smaller; stops at a fixpoint or the budget.
import { resolveConfig } from './config.ts';
import type { RunConfig, RunResult } from './result.ts';
import { classOf } from './selftest.ts';
import { executeRun } from './run.ts';
import type { ScenarioDefinition } from './common/scenario.ts';
import { reproCommand } from './repro.ts';

export interface ShrinkStep {
  change: string;
  config: RunConfig;
  reproduced: boolean;
  status: RunResult['status'];
  durationMs: number;
}

export type ShrinkResult =
  | { state: 'not-failing'; first: RunResult }
  | { state: 'shrunk'; first: RunResult; final: RunResult; steps: ShrinkStep[]; runs: number; repro: string };


function candidates(c: RunConfig): { change: string; config: RunConfig }[] {
  const out: { change: string; config: RunConfig }[] = [];
  const with_ = (change: string, patch: Partial<RunConfig>): void => { out.push({ change, config: { ...c, ...patch, schedule: { ...c.schedule, ...(patch.schedule ?? {}) } } }); };
  if (c.mutators > 1) with_(`mutators ${c.mutators} -> ${Math.max(1, c.mutators >> 1)}`, { mutators: Math.max(1, c.mutators >> 1) });
  if (c.mutators > 1) with_(`mutators ${c.mutators} -> ${c.mutators - 1}`, { mutators: c.mutators - 1 });
  if (c.iterations > 10) with_(`iterations ${c.iterations} -> ${Math.max(10, c.iterations >> 1)}`, { iterations: Math.max(10, c.iterations >> 1) });
  if (c.schedule.everySafepoint) with_('collections: not at every safepoint', { schedule: { ...c.schedule, everySafepoint: false } });
  if (c.schedule.everyAllocs > 0) with_(`collections: every ${c.schedule.everyAllocs} -> ${c.schedule.everyAllocs * 2} allocations`, { schedule: { ...c.schedule, everyAllocs: c.schedule.everyAllocs * 2 } });
  if (c.schedule.everyUs > 0) with_(`collections: every ${c.schedule.everyUs} -> ${c.schedule.everyUs * 2} us`, { schedule: { ...c.schedule, everyUs: c.schedule.everyUs * 2 } });
  if (c.perturb !== 'none') with_(`perturbation ${c.perturb} -> none`, { perturb: 'none' });
  return out;
}

export async function shrink(def: ScenarioDefinition, start: RunConfig, budget: { maxRuns: number; maxMs: number }, onStep?: (s: ShrinkStep) => void, scenarioFile?: string): Promise<ShrinkResult> {
  const t0 = performance.now();
  const first = await executeRun(def, start, { scenarioFile });
  if (first.status === 'passed') return { state: 'not-failing', first };
  const target = classOf(first);
  let best = first;
  let cur = start;
  let runs = 1;
  const steps: ShrinkStep[] = [];
  let improved = true;
  while (improved && runs < budget.maxRuns && performance.now() - t0 < budget.maxMs) {
    improved = false;
    for (const cand of candidates(cur)) {
      if (runs >= budget.maxRuns || performance.now() - t0 >= budget.maxMs) break;
      const r = await executeRun(def, cand.config, { scenarioFile });
      runs++;
      const step: ShrinkStep = { change: cand.change, config: cand.config, reproduced: classOf(r) === target, status: r.status, durationMs: r.durationMs };
      steps.push(step);
      onStep?.(step);
      if (step.reproduced) {
        cur = cand.config;
        best = r;
        improved = true;
        break;
      }
    }
  }
  return { state: 'shrunk', first, final: best, steps, runs, repro: reproCommand(cur, resolveConfig(def.name, def.defaults), scenarioFile) };
}
