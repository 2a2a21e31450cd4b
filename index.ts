// The library API: run scenarios from your own code or tests, and write scenarios of your own.
//
//   import { runScenario } from 'pinstress';
//   const r = await runScenario({ scenario: 'pin-concurrent', mutators: 2, iterations: 1000 });
//   expect(r.status).toBe('passed');
//
// A scenario is a built-in name, the path of a file that exports defineScenario({...}), or the
// definition itself (with `module: import.meta.url`, so workers can load its program).
import { parseOverrides, resolveConfig, type RunOverrides } from './harness/config.ts';
import type { ResultsDocument, RunResult } from './harness/result.ts';
import { packageVersion } from './harness/paths.ts';
import { executeRun, type RunOptions } from './harness/run.ts';
import { resolveScenario, scenarioFileOf, type ScenarioRef } from './harness/scenario-ref.ts';
import { itemsOf, runSuite as runItems, type SuiteEntry, type SuiteOptions } from './harness/suite.ts';
import { DEFAULT_SUITE, SCENARIOS } from './scenarios/index.ts';

export type RunScenarioConfig = { scenario: ScenarioRef } & RunOverrides;

/** Run one scenario; resolves to the same result object the CLI writes into results.json. */
export async function runScenario(config: RunScenarioConfig, opts: RunOptions = {}): Promise<RunResult> {
  const { scenario, ...rest } = config;
  const def = await resolveScenario(scenario, SCENARIOS);
  const overrides = parseOverrides(rest, 'runScenario config');
  return executeRun(def, resolveConfig(def.name, def.defaults, overrides), { ...opts, scenarioFile: scenarioFileOf(def, SCENARIOS) });
}

export interface RunSuiteConfig extends Pick<SuiteOptions, 'modes' | 'onRunStart' | 'onRunEnd' | 'onProgress' | 'keepEvents'> {
  /** Scenarios (names, files, definitions) or entries with overrides of their own; default: the default suite. */
  scenarios?: readonly (ScenarioRef | SuiteEntry)[];
  /** Every scenario runs with each of these seeds (default [1]). */
  seeds?: readonly number[];
  /** Run options over every scenario's own. */
  overrides?: RunOverrides;
}

/** Run a suite into one results document (the CLI's `run` without its printing and reports). */
export async function runSuite(o: RunSuiteConfig = {}): Promise<ResultsDocument> {
  const entries = (o.scenarios ?? DEFAULT_SUITE).map((s) => (typeof s === 'object' && 'scenario' in s ? s : { scenario: s }));
  const { scenarios: _s, seeds, overrides, ...rest } = o;
  return runItems(SCENARIOS, {
    ...rest,
    items: itemsOf(entries, seeds ?? [1]),
    overrides: overrides ? parseOverrides(overrides, 'runSuite overrides') : undefined,
    version: packageVersion(),
  });
}

export { SCENARIOS, DEFAULT_SUITE };
export { FAULTS, FAULT_NAMES } from './runtime/faults.ts';
export { STRATEGIES } from './runtime/layout.ts';
export { UsageError } from './harness/usage-error.ts';
export * from './harness/common/scenario.ts';
export type { RunOverrides } from './harness/config.ts';
export type { ScenarioRef } from './harness/scenario-ref.ts';
export type { SuiteEntry, RunModes } from './harness/suite.ts';
export type * from './harness/result.ts';
