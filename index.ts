// The library API: run scenarios from your own code or tests.
//
//   import { runScenario } from 'pinstress';
//   const r = await runScenario({ scenario: 'pin-concurrent', mutators: 2, iterations: 1000 });
//   expect(r.status).toBe('passed');
import { parseOverrides, resolveConfig, type RunOverrides } from './harness/config.ts';
import type { ResultsDocument, RunResult } from './harness/result.ts';
import { packageVersion } from './harness/paths.ts';
import { executeRun, type RunOptions } from './harness/run.ts';
import { checkScenarios, runSuite as runSuiteWith, type SuiteOptions } from './harness/suite.ts';
import { DEFAULT_SUITE, SCENARIOS } from './scenarios/index.ts';

export type RunScenarioConfig = { scenario: string } & RunOverrides;

/** Run one scenario; resolves to the same result object the CLI writes into results.json. */
export async function runScenario(config: RunScenarioConfig, opts: RunOptions = {}): Promise<RunResult> {
  const { scenario, ...rest } = config;
  checkScenarios(SCENARIOS, [scenario]);
  const def = SCENARIOS.get(scenario)!;
  return executeRun(def, resolveConfig(scenario, def.defaults, parseOverrides(rest, 'runScenario config')), opts);
}

/** Run the scenario x seed matrix (default: the whole suite, seed 1) into one results document. */
export async function runSuite(o: Partial<SuiteOptions> = {}): Promise<ResultsDocument> {
  return runSuiteWith(SCENARIOS, { ...o, scenarios: o.scenarios ?? DEFAULT_SUITE, seeds: o.seeds ?? [1], version: o.version ?? packageVersion() });
}

export { SCENARIOS, DEFAULT_SUITE };
export { FAULTS, FAULT_NAMES } from './runtime/faults.ts';
export { STRATEGIES } from './runtime/layout.ts';
export { UsageError } from './harness/usage-error.ts';
export type { RunOverrides } from './harness/config.ts';
export type * from './harness/result.ts';
