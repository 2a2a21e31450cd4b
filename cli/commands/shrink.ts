// pinstress shrink <scenario> [run flags]: the smallest configuration that still fails.
import type { Command } from 'commander';
import { parseCount, resolveConfig } from '../../harness/config.ts';
import { kExitFailed, kExitOk } from '../../harness/result.ts';
import { shrink } from '../../harness/shrink.ts';
import { resolveScenario, scenarioFileOf } from '../../harness/scenario-ref.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import type { CommandIo } from '../program.ts';
import { addRunFlags, overridesFrom, type RunFlags, scenariosWithConfig } from '../run-flags.ts';

export function registerShrink(program: Command, io: CommandIo): void {
  addRunFlags(program.command('shrink').argument('<scenario>', 'a scenario (name or file) whose run with these flags fails'))
    .description('search for the smallest configuration that still fails the same way')
    .option('--max-runs <n>', 'run budget', '30')
    .option('--max-seconds <s>', 'time budget', '120')
    .action(async (name: string, f: RunFlags & { maxRuns: string; maxSeconds: string }) => {
      const { overrides } = scenariosWithConfig([name], overridesFrom(f));
      const def = await resolveScenario(name, SCENARIOS);
      const config = resolveConfig(def.name, def.defaults, overrides);
      const budget = { maxRuns: parseCount(f.maxRuns, '--max-runs'), maxMs: parseCount(f.maxSeconds, '--max-seconds') * 1000 };
      const r = await shrink(def, config, budget, (s) => io.stderr(`${s.reproduced ? 'still fails' : s.status === 'passed' ? 'passes     ' : 'fails else '}  ${s.change} (${s.status}, ${s.durationMs} ms)\n`), scenarioFileOf(def, SCENARIOS));
      if (r.state === 'not-failing') {
        io.stdout(`${def.name} passed with this configuration: nothing to shrink.\n`);
        io.setExitCode(kExitOk);
        return;
      }
      io.stdout(`${r.first.status} (${r.first.diagnosis?.kind}) reproduced by the smallest configuration found in ${r.runs} runs:\n  ${r.repro}\n`);
      io.setExitCode(kExitFailed);
    });
}
