// Whether a runtime can run a scenario: what the scenario requires (ScenarioRequirements), the
// run's own pin strategy, and the statistics its assertions read, against the runtime's
// capabilities (runtime/contract.ts). A run the runtime cannot make is skipped with a sentence by
// runSuite, never failed: a runtime is not wrong for lacking what it never claimed. Main thread.
import { STRATEGIES } from '../runtime/layout.ts';
import { GLOBAL_STATS, THREAD_STATS } from '../runtime/stats-table.ts';
import type { RuntimeCapabilities } from '../runtime/contract.ts';
import { nativeTargetFor } from './native/target.ts';
import type { ScenarioDefinition } from './common/scenario.ts';
import type { Distribution, RunConfig, RunResult } from './result.ts';

const RUNTIME_STATS: readonly string[] = [...GLOBAL_STATS, ...THREAD_STATS].map((r) => r.name);

/** The built-in runtime has every capability. */
export const BUILTIN_CAPABILITIES: RuntimeCapabilities = {
  refs: true, largeObjects: true, nativeState: true, globals: true, spaces: true, threadInfo: true, verifyHeap: true,
  strategies: STRATEGIES, stats: RUNTIME_STATS,
};

/** The words of a skip sentence, by requirement. */
const NEEDS = {
  refs: 'reference objects',
  largeObjects: 'a non-moving large-object space',
  nativeState: 'a native state (collections while a thread is in a foreign call)',
  globals: 'global roots',
  spaces: 'space() (which space an object is in)',
} as const;

/**
 * The runtime statistics a scenario's assertions read: found by running them on a result whose
 * every number is zero and noting which runtime statistics they look at.
 */
export function statisticsRead(def: ScenarioDefinition, config: RunConfig): string[] {
  if (!def.assertions) return [];
  const read = new Set<string>();
  const zero: Distribution = { count: 0, p50: 0, p99: 0, max: 0, mean: 0 };
  const stats = new Proxy({}, {
    get: (_t, k) => {
      if (typeof k === 'string' && RUNTIME_STATS.includes(k)) read.add(k);
      return k === 'pause' || k === 'ttsp' ? zero : 0;
    },
  });
  const outcomes = new Proxy({}, { get: () => 0 });
  try {
    def.assertions({ scenario: def.name, status: 'passed', seed: config.seed, config, stats, outcomes, assertions: [], durationMs: 0, diagnosis: null, repro: '' } as unknown as RunResult);
  } catch {
    // An assertion that cannot run on zeros reads what it read before it threw.
  }
  return [...read];
}

/** Why `runtime` (named `who` in the sentence) cannot run `def` under `config`, or null when it can. */
export function unmetRequirement(def: ScenarioDefinition, config: RunConfig, caps: RuntimeCapabilities, who: string): string | null {
  const r = def.requires ?? {};
  for (const k of Object.keys(NEEDS) as (keyof typeof NEEDS)[]) {
    if (r[k] && !caps[k]) return `${def.name} needs ${NEEDS[k]}, which ${who} does not have.`;
  }
  for (const s of [r.strategy, config.strategy]) {
    if (s && !caps.strategies.includes(s)) return `${def.name} needs the ${s} pin strategy, which ${who} does not offer (it has ${caps.strategies.join(', ')}).`;
  }
  const missing = statisticsRead(def, config).filter((s) => !caps.stats.includes(s));
  if (missing.length) return `${def.name} asserts on ${missing.join(', ')}, which ${who} does not report.`;
  return null;
}

/**
 * What makes a run of `config`, and how a skip sentence names it: the built-in runtime, or the
 * library it names (found, loaded and its faults checked: one sentence if anything is wrong).
 */
export async function runTargetOf(config: RunConfig): Promise<{ capabilities: RuntimeCapabilities; who: string }> {
  if (!config.runtime) return { capabilities: BUILTIN_CAPABILITIES, who: 'the built-in runtime' };
  return { capabilities: (await nativeTargetFor(config)).capabilities, who: config.runtime };
}
