// The pure parts of the soak (cli/soak.ts): its flags, the run matrix (seeds cycled across
// scenarios x perturbation modes) and the summary of what came out. No runs start here.
import { Command, CommanderError } from 'commander';
import { parseCount, PERTURB_MODES } from '../harness/config.ts';
import { median } from '../harness/distribution.ts';
import type { DiagnosisKind, RunConfig, RunStatus } from '../harness/result.ts';
import type { ScenarioRegistry } from '../harness/common/scenario.ts';
import { checkScenarios } from '../harness/suite.ts';
import { UsageError } from '../harness/usage-error.ts';

export type PerturbMode = RunConfig['perturb'];

/** About 1.5 s a run on the 2-core machine: 200 runs take about five minutes. */
export const kDefaultSoakRuns = 200;

export interface SoakOptions {
  runs: number;
  firstSeed: number;
  scenarios: string[];
  perturbs: PerturbMode[];
  json: boolean;
  out: string | null;
}

export interface SoakItem {
  scenario: string;
  seed: number;
  perturb: PerturbMode;
}

/** Run i gets seed firstSeed + i and the (i mod S*P)-th pair, scenarios turning fastest. */
export function soakMatrix(scenarios: readonly string[], perturbs: readonly PerturbMode[], runs: number, firstSeed: number): SoakItem[] {
  const pairs = scenarios.length * perturbs.length;
  return Array.from({ length: pairs ? runs : 0 }, (_, i) => ({
    scenario: scenarios[i % scenarios.length],
    perturb: perturbs[Math.floor((i % pairs) / scenarios.length)],
    seed: (firstSeed + i) >>> 0,
  }));
}

const list = (v: string, prev: string[] = []): string[] => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];
const unique = <T>(xs: T[]): T[] => [...new Set(xs)];

function perturbModes(names: string[]): PerturbMode[] {
  if (names.length === 0) throw new UsageError('--perturb needs at least one mode.');
  for (const n of names) {
    if (!(PERTURB_MODES as readonly string[]).includes(n)) {
      throw new UsageError(`unknown perturbation mode "${n}" (use ${PERTURB_MODES.join(', ')}).`);
    }
  }
  return unique(names) as PerturbMode[];
}

/** argv (without node and the script) -> options; every problem is a one-sentence UsageError. */
export function parseSoakArgs(argv: readonly string[], registry: ScenarioRegistry, suite: readonly string[], io: { stdout: (s: string) => void }): SoakOptions | 'help' {
  const cmd = new Command('soak')
    .description('False-positive check: the fault-free suite over many seeds and perturbation modes; any run that does not pass is reported.')
    .option('--runs <n>', `seeded runs in total (default ${kDefaultSoakRuns})`)
    .option('--first-seed <s>', 'seed of the first run; run i uses first-seed + i (default 1)')
    .option('--scenario <names>', 'scenarios to cycle (repeatable or comma-separated; default: the whole fault-free suite)', list)
    .option('--perturb <modes>', `perturbation modes to cycle (repeatable or comma-separated; default: ${PERTURB_MODES.join(',')})`, list)
    .option('--json', 'print only a JSON summary on stdout')
    .option('--out <dir>', 'also write every report (results.json, report.html, ...) into this folder')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: () => undefined });
  try {
    cmd.parse([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help') return 'help';
      if (e.code === 'commander.excessArguments') throw new UsageError(`the soak takes only flags, not "${cmd.args[0]}"; use --scenario to pick scenarios.`);
      const msg = e.message.replace(/^error:\s*/, '').split('\n')[0];
      throw new UsageError(`${msg}${msg.endsWith('.') ? '' : '.'} See \`npm run soak -- --help\`.`);
    }
    throw e;
  }
  const f = cmd.opts<{ runs?: string; firstSeed?: string; scenario?: string[]; perturb?: string[]; json?: boolean; out?: string }>();
  const scenarios = f.scenario !== undefined ? unique(f.scenario) : [...suite];
  if (scenarios.length === 0) throw new UsageError('--scenario needs at least one scenario name.');
  checkScenarios(registry, scenarios);
  const firstSeed = f.firstSeed !== undefined ? parseCount(f.firstSeed, '--first-seed', 0) : 1;
  if (firstSeed > 0xffffffff) throw new UsageError(`--first-seed must fit in 32 bits, got ${firstSeed}.`);
  if (f.out !== undefined && f.out.trim() === '') throw new UsageError('--out needs a folder name.');
  return {
    runs: f.runs !== undefined ? parseCount(f.runs, '--runs') : kDefaultSoakRuns,
    firstSeed,
    scenarios,
    perturbs: f.perturb !== undefined ? perturbModes(f.perturb) : [...PERTURB_MODES],
    json: f.json === true,
    out: f.out ?? null,
  };
}

/** What the soak keeps of one run. */
export interface SoakRecord extends SoakItem {
  index: number;
  status: RunStatus;
  kind: DiagnosisKind | null;
  message: string | null;
  repro: string;
  durationMs: number;
}

export interface SoakSummary {
  runs: number;
  passed: number;
  failed: number;
  /** "status/diagnosis kind" -> count, for the runs that did not pass. */
  byClass: Record<string, number>;
  totalMs: number;
  medianRunMs: number;
  firstSeed: number;
  scenarios: string[];
  perturbs: PerturbMode[];
  failures: SoakRecord[];
}

export function summarizeSoak(records: readonly SoakRecord[], o: Pick<SoakOptions, 'firstSeed' | 'scenarios' | 'perturbs'>, totalMs: number): SoakSummary {
  const failures = records.filter((r) => r.status !== 'passed');
  const byClass: Record<string, number> = {};
  for (const r of failures) {
    const c = `${r.status}/${r.kind ?? 'unknown'}`;
    byClass[c] = (byClass[c] ?? 0) + 1;
  }
  return {
    runs: records.length,
    passed: records.length - failures.length,
    failed: failures.length,
    byClass,
    totalMs: Math.round(totalMs),
    medianRunMs: Math.round(median(records.map((r) => r.durationMs))),
    firstSeed: o.firstSeed,
    scenarios: o.scenarios,
    perturbs: o.perturbs,
    failures,
  };
}

export function formatSoakSummary(s: SoakSummary): string {
  const classes = Object.entries(s.byClass).map(([c, n]) => `${c} ${n}`).join(', ');
  const out = [
    `soak: ${s.runs} runs (seeds ${s.firstSeed}..${s.firstSeed + s.runs - 1}; ${s.scenarios.length} scenarios x ${s.perturbs.length} perturbation modes), ` +
      `${s.passed} passed, ${s.failed} failed${classes ? ` (${classes})` : ''}`,
    `time: ${(s.totalMs / 1000).toFixed(1)} s in total, ${s.medianRunMs} ms median per run`,
  ];
  for (const f of s.failures) {
    out.push('', `run ${f.index + 1}: ${f.scenario} seed=${f.seed} perturb=${f.perturb}: ${f.status}${f.kind ? ` (${f.kind})` : ''}`);
    if (f.message) out.push(`  ${f.message}`);
    out.push(`  repro: ${f.repro}`);
  }
  return out.join('\n');
}
