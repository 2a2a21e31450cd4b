// pinstress run [scenario...]: run scenarios (default: the default suite) by name or by file path,
// print a summary table, write every report into --out. Run modes: a fixed set of runs (the
// default), --duration (fresh seeds until the time is spent), --until-failure (stop at the first
// run that does not pass and print its repro line).
import type { Command } from 'commander';
import { parseCount, parseDuration } from '../../harness/config.ts';
import { exitCodeFor, type ResultsDocument } from '../../harness/result.ts';
import { itemsOf, runSuite, type RunModes, type SuiteEntry, type SuiteItem, type SuiteOptions } from '../../harness/suite.ts';
import { UsageError } from '../../harness/usage-error.ts';
import { writeReports } from '../../reports/index.ts';
import { checkOutputDir } from '../../reports/output-path.ts';
import { DEFAULT_SUITE, SCENARIOS } from '../../scenarios/index.ts';
import { formatShard, parseShard, scenarioSeedKey, shardMatrix } from '../../ci/shard.ts';
import type { CommandIo } from '../program.ts';
import { version } from '../program.ts';
import { makeProgress } from '../progress.ts';
import { catchInterrupts } from '../interrupt.ts';
import { addRunFlags, overridesFrom, type RunFlags, scenariosWithConfig } from '../run-flags.ts';
import { runLine, summaryText } from '../summary.ts';

export interface SuiteCommandFlags {
  json?: boolean;
  out: string;
  reports: boolean;
  quiet?: boolean;
  duration?: string;
  untilFailure?: boolean;
}

interface RunCommandFlags extends RunFlags, SuiteCommandFlags {
  seeds?: string;
  shard?: string;
}

/** The flags of every command that runs a suite: run modes, output, progress. */
export function addSuiteFlags(c: Command): Command {
  return c
    .option('--duration <time>', 'keep running, over fresh seeds, until this much time is spent (e.g. 20s, 5m)')
    .option('--until-failure', 'keep running, over fresh seeds, until a run does not pass; print its repro line')
    .option('--json', 'print only the JSON results document on stdout')
    .option('--out <dir>', 'output folder for reports', 'pinstress-out')
    .option('--no-reports', 'write no report files')
    .option('--quiet', 'no progress output');
}

export function runModesFrom(f: SuiteCommandFlags): RunModes {
  return { ...(f.duration !== undefined ? { durationMs: parseDuration(f.duration, '--duration') } : {}), untilFailure: f.untilFailure === true };
}

/** Entries named on the command line; the same scenario twice is a mistake, not a request. */
export function entriesFrom(names: readonly string[]): SuiteEntry[] {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new UsageError(`scenario ${n} is named twice; use --seeds N to run it more than once.`);
    seen.add(n);
  }
  return names.map((scenario) => ({ scenario }));
}

/** Run a suite the way the CLI does: checks first, progress on stderr, table and reports, exit code. */
export async function runSuiteCommand(io: CommandIo, f: SuiteCommandFlags, o: Omit<SuiteOptions, 'onRunStart' | 'onRunEnd' | 'onProgress' | 'version'>): Promise<ResultsDocument> {
  if (f.reports) await checkOutputDir(f.out);
  const progress = makeProgress(io.stderrStream, f.quiet === true);
  const endless = o.modes?.durationMs !== undefined || o.modes?.untilFailure === true;
  const interrupts = catchInterrupts(io.stderr);
  let doc: ResultsDocument;
  try {
    doc = await runSuite(SCENARIOS, {
      keepEvents: endless ? 'failures' : 'all', // a long run keeps timelines only of the runs worth a look
      ...o,
      signal: interrupts.signal,
      version: version(),
      onRunStart: (label, p) => progress.runStart(label, p),
      onProgress: (p) => progress.update(p),
      onRunEnd: (r, p) => progress.runEnd(runLine(r), p),
    });
    await reportSuite(io, f, doc, o.modes);
  } finally {
    interrupts.dispose();
  }
  const sig = interrupts.received();
  if (sig) io.stderr(`${sig}: stopped after ${doc.runs.length} run(s)${f.reports ? `; reports are in ${f.out}` : ''}.\n`);
  io.setExitCode(sig ? interrupts.exitCode() : exitCodeFor(doc.runs));
  return doc;
}

/** The table, the until-failure note and the reports of a finished (or stopped) suite. */
async function reportSuite(io: CommandIo, f: SuiteCommandFlags, doc: ResultsDocument, modes: RunModes | undefined): Promise<void> {
  const say = f.json ? io.stderr : io.stdout; // stdout carries the JSON document
  if (f.json) io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
  if (doc.runs.length > 0 || !doc.skipped) say(`${f.json ? '' : '\n'}${summaryText(doc.runs)}\n`);
  for (const s of doc.skipped ?? []) say(`skipped ${s.label}: ${s.reason}\n`);
  const last = doc.runs[doc.runs.length - 1];
  if (modes?.untilFailure) {
    say(last && last.status !== 'passed'
      ? `stopped at the first run that did not pass (run ${doc.runs.length}, ${last.scenario} seed ${last.seed}); its repro line is above.\n`
      : `no run failed in ${doc.runs.length} runs.\n`);
  }
  if (f.reports) {
    const files = await writeReports(doc, f.out, {
      githubStepSummary: process.env.GITHUB_STEP_SUMMARY,
      githubActions: process.env.GITHUB_ACTIONS === 'true',
      stdout: say,
    });
    say(`reports: ${files.join(', ')}\n`);
  }
}

const itemName = (it: SuiteItem): string =>
  `${typeof it.scenario === 'string' ? it.scenario : it.scenario.name}${it.overrides ? ` ${JSON.stringify(it.overrides)}` : ''}`;

export function registerRun(program: Command, io: CommandIo): void {
  addSuiteFlags(addRunFlags(program.command('run').argument('[scenario...]', 'scenario names or scenario files (default: the default suite)')))
    .description('run scenarios and write reports')
    .option('--seeds <n>', 'run each scenario with N seeds: seed, seed+1, ...')
    .option('--shard <i/n>', 'run only shard i of n of the scenario x seed matrix')
    .action(async (names: string[], f: RunCommandFlags) => {
      const picked = scenariosWithConfig(names, overridesFrom(f));
      const overrides = picked.overrides;
      const seedCount = f.seeds !== undefined ? parseCount(f.seeds, '--seeds') : 1;
      const first = overrides.seed ?? 1;
      const seeds = Array.from({ length: seedCount }, (_, i) => (first + i) >>> 0);
      const shard = f.shard !== undefined ? parseShard(f.shard) : undefined;
      const entries = picked.names.length ? entriesFrom(picked.names) : DEFAULT_SUITE;
      const all = itemsOf(entries, seeds);
      const items = shard ? shardMatrix(all, (it) => scenarioSeedKey({ scenario: itemName(it), seed: it.seed }), shard.index, shard.count) : all;
      if (items.length === 0 && shard) {
        (f.json ? io.stderr : io.stdout)(`note: shard ${formatShard(shard)} holds no runs: the matrix has ${all.length} run(s) for ${shard.count} shards.\n`);
      }
      await runSuiteCommand(io, f, { items, overrides, modes: runModesFrom(f), shardLabel: shard ? formatShard(shard) : undefined });
    });
}
