// The CI subcommands of the pinstress CLI: gate, baseline, merge.
// Bad input throws UsageError (the main CLI prints its sentence and exits 2); a failed gate or
// a baseline suite that did not pass sets the exit code to 1 (deps.setExitCode). Nothing here calls process.exit,
// so the commands run inside tests and other programs.
import type { Command } from 'commander';
import { kExitFailed, type ResultsDocument } from '../harness/result.ts';
import { UsageError } from '../harness/usage-error.ts';
import { parseCount } from '../harness/config.ts';
import { formatSummary } from '../reports/format.ts';
import { checkOutputDir, checkOutputFile } from '../reports/output-path.ts';
import { formatBaseline, planBaseline, readBaseline, writeBaseline } from './baseline.ts';
import { formatGateReport, gate } from './gate.ts';
import { mergeNotes, mergeResults } from './merge.ts';
import { readResultsFile } from './results-schema.ts';

export interface CiDeps {
  // Runs the default suite (or the named scenarios) once and returns its results document.
  runSuite(opts: { scenarios: string[]; seeds?: number[]; quiet: boolean }): Promise<ResultsDocument>;
  // Writes every report for a document into outDir (results.json, summary.md, junit.xml, report.html, trace.json, gc.log).
  writeReports(doc: ResultsDocument, outDir: string): Promise<string[]>;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  setExitCode(code: number): void;
}

export const kDefaultBaselinePath = 'ci/baseline.json';
export const kDefaultBaselineRuns = 5;
const kMaxBaselineRuns = 1000;

export function registerCiCommands(program: Command, deps: CiDeps): void {
  program
    .command('gate')
    .description('fail on any forbidden outcome, hang, crash or failure, and on performance below the baseline by more than its noise allows')
    .argument('[results]', 'results.json of the run to judge')
    .option('--baseline <file>', 'baseline file written by `pinstress baseline`')
    .action(async (results: string | undefined, opts: { baseline?: string }) => {
      if (opts.baseline === undefined) throw new UsageError('the gate needs a baseline: pass --baseline <file>.');
      if (results === undefined) throw new UsageError('the gate needs the results to judge: pass the path of a results.json.');
      const baseline = await readBaseline(opts.baseline);
      const report = gate(baseline, await readResultsFile(results));
      deps.stdout(formatGateReport(report));
      if (report.state === 'failed') deps.setExitCode(kExitFailed);
    });

  program
    .command('baseline')
    .description('run the suite several times and write a baseline whose tolerances come from the spread of those runs')
    .argument('[scenarios...]', 'scenarios to include (default: the default suite)')
    .option('--runs <n>', 'repetitions of the suite', String(kDefaultBaselineRuns))
    .option('--seeds <list>', 'comma-separated seeds for every scenario, e.g. 1,2,3')
    .option('--out <file>', 'where to write the baseline', kDefaultBaselinePath)
    .option('--quiet', 'no progress display while the suite runs', false)
    .action(async (scenarios: string[], opts: { runs: string; seeds?: string; out: string; quiet: boolean }) => {
      const runs = parseCount(opts.runs, '--runs');
      if (runs > kMaxBaselineRuns) throw new UsageError(`--runs must be at most ${kMaxBaselineRuns}, got ${runs}.`);
      const seeds = opts.seeds === undefined ? undefined : parseSeeds(opts.seeds);
      await checkOutputFile(opts.out);
      const docs: ResultsDocument[] = [];
      const progress = (s: string): void => { if (!opts.quiet) deps.stderr(s); };
      for (let i = 1; i <= runs; i++) {
        progress(`baseline: repetition ${i} of ${runs}`);
        const doc = await deps.runSuite({ scenarios, ...(seeds === undefined ? {} : { seeds }), quiet: opts.quiet });
        progress(`baseline: repetition ${i}: ${formatSummary(doc.summary)}`);
        docs.push(doc);
      }
      const plan = planBaseline(docs);
      if ('problems' in plan) {
        // The suite itself failed: that is a failure (exit 1), not bad input.
        for (const p of plan.problems) deps.stderr(`baseline: ${p}`);
        deps.stderr(`baseline: not written, because the suite did not pass every time`);
        deps.setExitCode(kExitFailed);
        return;
      }
      const baseline = plan.baseline;
      await writeBaseline(opts.out, baseline);
      deps.stdout(`${formatBaseline(baseline)}\nwrote ${opts.out}`);
    });

  program
    .command('merge')
    .description('merge the results.json of sharded jobs and regenerate every report')
    .argument('[results...]', 'results.json files, one per shard')
    .option('--out <dir>', 'folder for the merged reports')
    .action(async (files: string[], opts: { out?: string }) => {
      if (files.length === 0) throw new UsageError('merge needs at least one results.json to read.');
      if (opts.out === undefined) throw new UsageError('merge needs a folder for its reports: pass --out <dir>.');
      await checkOutputDir(opts.out);
      const docs: ResultsDocument[] = [];
      for (const f of files) docs.push(await readResultsFile(f));
      const merged = mergeResults(docs);
      for (const n of mergeNotes(merged)) deps.stderr(`merge: ${n}`);
      const written = await deps.writeReports(merged, opts.out);
      deps.stdout([`merged ${files.length} file${files.length === 1 ? '' : 's'} into ${formatSummary(merged.summary)}`, ...written.map((w) => `wrote ${w}`)].join('\n'));
    });
}

function parseSeeds(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  const seeds = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : Number.NaN));
  if (seeds.some((s) => !Number.isSafeInteger(s))) {
    throw new UsageError(`--seeds must be a comma-separated list of whole numbers, not ${JSON.stringify(text)}.`);
  }
  return seeds;
}
