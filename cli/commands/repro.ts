// pinstress repro <results.json> [--index N]: run a recorded run again with its exact config and
// say whether it failed the same way.
import type { Command } from 'commander';
import { parseCount, parseOverrides, resolveConfig } from '../../harness/config.ts';
import { readResultsFile } from '../../ci/results-schema.ts';
import { kExitFailed, kExitOk } from '../../harness/result.ts';
import { executeRun } from '../../harness/run.ts';
import { resolveScenario } from '../../harness/scenario-ref.ts';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../harness/usage-error.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import type { CommandIo } from '../program.ts';
import { runLine } from '../summary.ts';

export function registerRepro(program: Command, io: CommandIo): void {
  program.command('repro')
    .argument('<results.json>', 'a results document written by pinstress run')
    .option('--index <n>', 'which run (0-based; default: the first that did not pass)')
    .description('run a recorded run again with the same configuration and seed')
    .action(async (file: string, f: { index?: string }) => {
      const doc = await readResultsFile(file); // validated against the schema, one sentence if not
      if (doc.runs.length === 0) throw new UsageError(`${file} holds no runs.`);
      const idx = f.index !== undefined ? parseCount(f.index, '--index', 0) : doc.runs.findIndex((r) => r.status !== 'passed');
      if (idx < 0) throw new UsageError(`every run in ${file} passed; pass --index to re-run one anyway.`);
      const rec = doc.runs[idx];
      if (!rec) throw new UsageError(`${file} has no run at index ${idx} (it holds ${doc.runs.length}).`);
      // A user's scenario is loaded again from the file it came from.
      const def = await resolveScenario(rec.scenarioFile ? fileURLToPath(rec.scenarioFile) : rec.scenario, SCENARIOS);
      const { scenario: _s, ...cfg } = rec.config;
      const config = resolveConfig(def.name, parseOverrides(cfg, `run ${idx} of ${file}`));
      io.stderr(`re-running: ${rec.repro}\n`);
      const r = await executeRun(def, config, { scenarioFile: rec.scenarioFile });
      const same = r.status === rec.status && (r.diagnosis?.kind ?? null) === (rec.diagnosis?.kind ?? null);
      io.stdout(`${runLine(r)}\n${same ? 'reproduced' : 'did not reproduce'}: recorded ${rec.status}${rec.diagnosis ? ` (${rec.diagnosis.kind})` : ''}, now ${r.status}${r.diagnosis ? ` (${r.diagnosis.kind})` : ''}\n`);
      if (r.diagnosis) io.stdout(`${r.diagnosis.message}\n`);
      io.setExitCode(r.status === 'passed' ? kExitOk : kExitFailed);
    });
}
