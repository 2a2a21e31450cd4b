// pinstress run [scenario...]: run scenarios (default: the whole suite), print a summary table,
// write every report into --out.
import type { Command } from 'commander';
import { parseCount } from '../../harness/config.ts';
import { exitCodeFor } from '../../harness/result.ts';
import { runSuite } from '../../harness/suite.ts';
import { writeReports } from '../../reports/index.ts';
import { checkOutputDir } from '../../reports/output-path.ts';
import { DEFAULT_SUITE, SCENARIOS } from '../../scenarios/index.ts';
import { formatShard, parseShard, scenarioSeedKey, shardMatrix } from '../../ci/shard.ts';
import type { CommandIo } from '../program.ts';
import { version } from '../program.ts';
import { makeProgress } from '../progress.ts';
import { addRunFlags, overridesFrom, type RunFlags } from '../run-flags.ts';
import { runLine, summaryText } from '../summary.ts';

interface RunCommandFlags extends RunFlags {
  seeds?: string;
  json?: boolean;
  out: string;
  reports: boolean;
  shard?: string;
  quiet?: boolean;
}

export function registerRun(program: Command, io: CommandIo): void {
  addRunFlags(program.command('run').argument('[scenario...]', 'scenarios to run (default: the whole suite)'))
    .description('run scenarios and write reports')
    .option('--seeds <n>', 'run each scenario with N seeds: seed, seed+1, ...')
    .option('--json', 'print only the JSON results document on stdout')
    .option('--out <dir>', 'output folder for reports', 'pinstress-out')
    .option('--no-reports', 'write no report files')
    .option('--shard <i/n>', 'run only shard i of n of the scenario x seed matrix')
    .option('--quiet', 'no progress output')
    .action(async (names: string[], f: RunCommandFlags) => {
      const overrides = overridesFrom(f);
      const seedCount = f.seeds !== undefined ? parseCount(f.seeds, '--seeds') : 1;
      const first = overrides.seed ?? 1;
      const seeds = Array.from({ length: seedCount }, (_, i) => (first + i) >>> 0);
      const shard = f.shard !== undefined ? parseShard(f.shard) : undefined;
      if (f.reports) await checkOutputDir(f.out);
      const progress = makeProgress(io.stderrStream, f.quiet === true);
      const doc = await runSuite(SCENARIOS, {
        scenarios: names.length ? names : DEFAULT_SUITE,
        seeds,
        overrides,
        select: shard ? (items) => shardMatrix(items, scenarioSeedKey, shard.index, shard.count) : undefined,
        shardLabel: shard ? formatShard(shard) : undefined,
        version: version(),
        onRunStart: (it, i, total) => progress.runStart(`${it.scenario} seed=${it.seed}`, i, total),
        onProgress: (p) => progress.update(p),
        onRunEnd: (r) => progress.runEnd(runLine(r)),
      });
      const table = summaryText(doc.runs);
      if (f.json) {
        io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
        io.stderr(`${table}\n`);
      } else io.stdout(`\n${table}\n`);
      if (f.reports) {
        const files = await writeReports(doc, f.out, {
          githubStepSummary: process.env.GITHUB_STEP_SUMMARY,
          githubActions: process.env.GITHUB_ACTIONS === 'true',
          stdout: f.json ? io.stderr : io.stdout, // stdout carries the JSON document
        });
        (f.json ? io.stderr : io.stdout)(`reports: ${files.join(', ')}\n`);
      }
      io.setExitCode(exitCodeFor(doc.runs));
    });
}
