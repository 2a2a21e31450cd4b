// What a scenario is: a name, declarative defaults (validated like any other input), the module
// whose `program(ctx)` every mutator runs, and assertions on the run's statistics, so that no
// scenario can pass by doing nothing. Scenarios live in scenarios/, one file each.
import { type Assertion, forbiddenCount, type RunResult } from './result.ts';
import type { RunOverrides } from './config.ts';

export interface ScenarioDefinition {
  name: string;
  summary: string;
  /** Defaults over RUN_OPTIONS; user flags override these. */
  defaults: RunOverrides;
  /** import.meta.url of the file exporting `program(ctx)`; mapped to built JS for workers. */
  module: string;
  /** Runtime sizing beyond RunConfig (root slots, global roots, spaces). */
  runtime?: { rootsPerThread?: number; globalRoots?: number; losBytes?: number; pinSpaceBytes?: number; losThreshold?: number };
  /** gc-locker: how long a collection may wait for pins to drain. */
  lockerBudgetMs?: number;
  assertions(r: RunResult): Assertion[];
}

export type ScenarioRegistry = ReadonlyMap<string, ScenarioDefinition>;

/** Helpers that scenarios use to state assertions with their expected and actual values. */
export function atLeast(name: string, actual: number, min: number): Assertion {
  return { name, passed: actual >= min, expected: `>= ${min}`, actual: String(actual) };
}
export function equals(name: string, actual: number, expected: number): Assertion {
  return { name, passed: actual === expected, expected: `= ${expected}`, actual: String(actual) };
}
export function zeroForbidden(r: RunResult): Assertion {
  const n = forbiddenCount(r);
  return { name: 'forbidden outcomes', passed: n === 0, expected: '= 0', actual: String(n) };
}
