// A suite: the scenario x seed matrix, run one after another (each run owns the whole machine),
// into one results document.
import { cpus, hostname } from 'node:os';
import { resolveConfig, type RunOverrides } from './config.ts';
import { kSchemaVersion, summarize, type ResultsDocument, type RunResult } from './result.ts';
import { executeRun, type RunOptions } from './run.ts';
import type { ScenarioRegistry } from './common/scenario.ts';
import { UsageError } from './usage-error.ts';

export interface MatrixItem {
  scenario: string;
  seed: number;
}

export interface SuiteOptions extends RunOptions {
  scenarios: readonly string[];
  seeds: readonly number[];
  overrides?: RunOverrides;
  /** Narrow the matrix (sharding); identity when absent. */
  select?: (items: MatrixItem[]) => MatrixItem[];
  onRunStart?: (item: MatrixItem, index: number, total: number) => void;
  onRunEnd?: (r: RunResult, index: number, total: number) => void;
  shardLabel?: string;
  version?: string;
}

export function checkScenarios(registry: ScenarioRegistry, names: readonly string[]): void {
  for (const n of names) {
    if (!registry.has(n)) throw new UsageError(`unknown scenario "${n}" (known: ${[...registry.keys()].join(', ')}).`);
  }
}

export async function runSuite(registry: ScenarioRegistry, o: SuiteOptions): Promise<ResultsDocument> {
  checkScenarios(registry, o.scenarios);
  let items: MatrixItem[] = [];
  for (const scenario of o.scenarios) for (const seed of o.seeds) items.push({ scenario, seed });
  if (o.select) items = o.select(items);
  // Resolve every config first: bad input fails before any run starts.
  const configs = items.map((it) => {
    const def = registry.get(it.scenario)!;
    return { def, config: resolveConfig(it.scenario, def.defaults, o.overrides ?? {}, { seed: it.seed }) };
  });
  const runs: RunResult[] = [];
  for (let i = 0; i < configs.length; i++) {
    o.onRunStart?.(items[i], i, configs.length);
    const r = await executeRun(configs[i].def, configs[i].config, o);
    if (o.shardLabel) r.shard = o.shardLabel;
    runs.push(r);
    o.onRunEnd?.(r, i, configs.length);
  }
  return makeDocument(runs, o.version ?? '0.0.0');
}

export function makeDocument(runs: RunResult[], version: string): ResultsDocument {
  return {
    schemaVersion: kSchemaVersion,
    tool: { name: 'pinstress', version },
    createdAt: new Date().toISOString(),
    host: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length, hostname: hostname() },
    runs,
    summary: summarize(runs),
  };
}
