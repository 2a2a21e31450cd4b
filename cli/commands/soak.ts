// pinstress soak: the false-positive check. The fault-free default suite over many seeds and every
// perturbation mode, one run at a time; any run that does not pass is reported with its repro
// line. With --duration or --until-failure it keeps going over fresh seeds.
import type { Command } from 'commander';
import { parseCount, PERTURB_MODES } from '../../harness/config.ts';
import { UsageError } from '../../harness/usage-error.ts';
import { DEFAULT_SUITE } from '../../scenarios/index.ts';
import type { CommandIo } from '../program.ts';
import { formatSoakSummary, kDefaultSoakRuns, type PerturbMode, soakMatrix, soakPairs, summarizeSoak } from '../soak-matrix.ts';
import { addSuiteFlags, entriesFrom, runModesFrom, runSuiteCommand, type SuiteCommandFlags } from './run.ts';

const list = (v: string, prev: string[] = []): string[] => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

interface SoakFlags extends SuiteCommandFlags {
  runs?: string;
  firstSeed?: string;
  scenario?: string[];
  perturb?: string[];
}

function perturbModes(names: string[]): PerturbMode[] {
  if (names.length === 0) throw new UsageError('--perturb needs at least one mode.');
  for (const n of names) {
    if (!(PERTURB_MODES as readonly string[]).includes(n)) throw new UsageError(`unknown perturbation mode "${n}" (use ${PERTURB_MODES.join(', ')}).`);
  }
  return [...new Set(names)] as PerturbMode[];
}

export function registerSoak(program: Command, io: CommandIo): void {
  addSuiteFlags(program.command('soak'))
    .description('false-positive check: the fault-free suite over many seeds and every perturbation mode')
    .option('--runs <n>', `seeded runs in total (default ${kDefaultSoakRuns})`)
    .option('--first-seed <s>', 'seed of the first run; run i uses first-seed + i (default 1)')
    .option('--scenario <names>', 'scenarios (names or files) to cycle, repeatable or comma-separated (default: the default suite)', list)
    .option('--perturb <modes>', `perturbation modes to cycle, repeatable or comma-separated (default: ${PERTURB_MODES.join(',')})`, list)
    .action(async (f: SoakFlags) => {
      const entries = f.scenario !== undefined ? entriesFrom([...new Set(f.scenario)]) : DEFAULT_SUITE;
      if (entries.length === 0) throw new UsageError('--scenario needs at least one scenario name.');
      const perturbs = f.perturb !== undefined ? perturbModes(f.perturb) : [...PERTURB_MODES];
      const firstSeed = f.firstSeed !== undefined ? parseCount(f.firstSeed, '--first-seed', 0) : 1;
      if (firstSeed > 0xffffffff) throw new UsageError(`--first-seed must fit in 32 bits, got ${firstSeed}.`);
      const runs = f.runs !== undefined ? parseCount(f.runs, '--runs') : kDefaultSoakRuns;
      const t0 = performance.now();
      const doc = await runSuiteCommand(io, f, {
        items: soakMatrix(entries, perturbs, runs, firstSeed),
        modes: runModesFrom(f),
        keepEvents: 'failures',
      });
      const summary = summarizeSoak(doc.runs, { pairs: soakPairs(entries, perturbs).length, entries: entries.length, perturbs: perturbs.length, firstSeed }, performance.now() - t0);
      (f.json ? io.stderr : io.stdout)(`${formatSoakSummary(summary)}\n`);
    });
}
