// pinstress compare <scenario> --strategy a,b,c: the same scenario and seeds under each pin
// strategy, one aligned row per strategy; --out writes the runs and every report.
import type { Command, Option } from 'commander';
import { compareStrategies, parseStrategies, type StrategyRow } from '../../harness/compare.ts';
import { parseCount } from '../../harness/config.ts';
import { exitCodeFor, type RunResult } from '../../harness/result.ts';
import { makeDocument } from '../../harness/suite.ts';
import { failureNotes } from '../../reports/diagnosis.ts';
import { formatBytes, formatCount, formatDurationUs, formatRate } from '../../reports/format.ts';
import { writeReports } from '../../reports/index.ts';
import { checkOutputDir } from '../../reports/output-path.ts';
import { STRATEGIES } from '../../runtime/layout.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import type { CommandIo } from '../program.ts';
import { version } from '../program.ts';
import { makeProgress } from '../progress.ts';
import { addRunFlags, overridesFrom, type RunFlags, scenariosWithConfig } from '../run-flags.ts';
import { distinctRunLabels } from '../../reports/run-labels.ts';
import type { Table } from '../../reports/table.ts';
import { textTable } from '../../reports/text-table.ts';
import { runLine } from '../summary.ts';
import { catchInterrupts } from '../interrupt.ts';

type CompareFlags = RunFlags & {
  strategy?: string;
  seeds?: string;
  json?: boolean;
  out?: string;
  quiet?: boolean;
};

const dash = (v: number | null, f: (n: number) => string): string => (v === null ? '-' : f(v));

/** Columns: header, numeric (right-aligned), cell. */
const COLUMNS: [string, boolean, (r: StrategyRow) => string][] = [
  ['strategy', false, (r) => r.strategy],
  ['runs', false, (r) => r.statuses],
  ['throughput', true, (r) => formatRate(r.throughput)],
  ['pause p50', true, (r) => dash(r.pauseP50Us, formatDurationUs)],
  ['pause p99', true, (r) => dash(r.pauseP99Us, formatDurationUs)],
  ['gc-locker wait', true, (r) => formatDurationUs(r.lockerWaitUs)],
  ['gc-locker max', true, (r) => formatDurationUs(r.lockerMaxWaitUs)],
  ['copied at pin', true, (r) => formatBytes(r.pinCopyBytes)],
  ['max retained', true, (r) => formatBytes(r.maxRetainedBytes)],
  ['pin-space free', true, (r) => dash(r.pinSpaceFreeBytes, formatBytes)],
  ['alloc failures', true, (r) => formatCount(r.allocFailures)],
  ['forbidden outcomes', true, (r) => formatCount(r.forbidden)],
];

export function compareTable(rows: readonly StrategyRow[], runs: readonly RunResult[]): string {
  const t: Table = { headers: COLUMNS.map(([h]) => h), numeric: COLUMNS.map(([, n]) => n), rows: rows.map((r) => COLUMNS.map(([, , cell]) => cell(r))) };
  return [
    textTable(t),
    ...failureNotes(runs, distinctRunLabels(runs)),
    '',
    'Medians over seeds; gc-locker max is the longest wait in any run; forbidden outcomes are summed.',
  ].join('\n');
}

export function registerCompare(program: Command, io: CommandIo): void {
  // The shared --strategy takes one name; here it takes a list, checked by parseStrategies.
  const cmd = addRunFlags(program.command('compare').argument('<scenario>', 'the scenario (name or file) to run under each strategy'), ['--strategy'])
    .option('--strategy <list>', `pin strategies to compare, comma-separated (default: ${STRATEGIES.join(',')})`);
  cmd
    .description('run one scenario under each pin strategy with the same seeds and compare them')
    .option('--seeds <n>', 'seeds per strategy: seed, seed+1, ...', '3')
    .option('--json', 'print the comparison and its results document as JSON on stdout')
    .option('--out <dir>', 'write the results document and every report into this folder')
    .option('--quiet', 'no progress output')
    .action(async (scenario: string, f: CompareFlags) => {
      const strategies = parseStrategies((f.strategy ?? STRATEGIES.join(',')).split(',').map((s) => s.trim()).filter(Boolean));
      const { overrides } = scenariosWithConfig([scenario], overridesFrom({ ...f, strategy: undefined }));
      const first = overrides.seed ?? 1;
      const seeds = Array.from({ length: parseCount(f.seeds ?? '3', '--seeds') }, (_, i) => (first + i) >>> 0);
      if (f.out !== undefined) await checkOutputDir(f.out);
      const progress = makeProgress(io.stderrStream, f.quiet === true || f.json === true);
      const interrupts = catchInterrupts(io.stderr);
      const { table, runs } = await compareStrategies(SCENARIOS, {
        scenario, strategies, seeds, overrides, signal: interrupts.signal,
        onRunStart: (label, p) => progress.runStart(label, p),
        onProgress: (p) => progress.update(p),
        onRunEnd: (r, p) => progress.runEnd(`${r.config.strategy.padEnd(11)} ${runLine(r)}`, p),
      });
      const text = compareTable(table, runs);
      const doc = makeDocument(runs, version());
      if (f.json) {
        io.stdout(`${JSON.stringify({ scenario, strategies, seeds, table, results: doc }, null, 2)}\n`);
        io.stderr(`${text}\n`);
      } else io.stdout(`\n${text}\n`);
      if (f.out !== undefined) {
        const files = await writeReports(doc, f.out, {
          githubStepSummary: process.env.GITHUB_STEP_SUMMARY,
          githubActions: process.env.GITHUB_ACTIONS === 'true',
          stdout: f.json ? io.stderr : io.stdout,
        });
        (f.json ? io.stderr : io.stdout)(`reports: ${files.join(', ')}\n`);
      }
      interrupts.dispose();
      io.setExitCode(interrupts.received() ? interrupts.exitCode() : exitCodeFor(runs));
    });
}
