// The command line: pinstress run | list | repro | shrink | compare | selftest | soak | gate | baseline | merge.
// Benchmarks are `npm run bench` (bench/ needs the dev dependencies), not a subcommand.
// cli/ is the top of the house: it wires scenarios, harness, reports and ci together.
import { Command, CommanderError } from 'commander';
import { packageVersion } from '../harness/paths.ts';
import { kExitOk, kExitUsage } from '../harness/result.ts';
import { UsageError } from '../harness/usage-error.ts';
import { registerRun } from './commands/run.ts';
import { registerList } from './commands/list.ts';
import { registerRepro } from './commands/repro.ts';
import { registerShrink } from './commands/shrink.ts';
import { registerCompare } from './commands/compare.ts';
import { registerSelftest } from './commands/selftest.ts';
import { registerSoak } from './commands/soak.ts';
import { registerCiCommands } from '../ci/commands.ts';
import { itemsOf, runSuite } from '../harness/suite.ts';
import { writeReports } from '../reports/index.ts';
import { DEFAULT_SUITE, SCENARIOS } from '../scenarios/index.ts';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stderrStream: NodeJS.WriteStream;
}

/** What a command writes to, and where it leaves its exit code (main() returns it; no globals). */
export interface CommandIo extends Io {
  setExitCode(code: number): void;
}

export const version = packageVersion;

export function buildProgram(io: CommandIo): Command {
  const program = new Command('pinstress')
    .description('Stress-test object pinning in a moving garbage collector.')
    .version(version())
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: () => undefined });
  registerRun(program, io);
  registerList(program, io);
  registerRepro(program, io);
  registerShrink(program, io);
  registerCompare(program, io);
  registerSelftest(program, io);
  registerSoak(program, io);
  registerCiCommands(program, {
    runSuite: (o) => runSuite(SCENARIOS, { items: itemsOf(o.scenarios.length ? o.scenarios.map((scenario) => ({ scenario })) : DEFAULT_SUITE, o.seeds ?? [1]), version: version() }),
    writeReports: (doc, outDir) => writeReports(doc, outDir, {
      githubStepSummary: process.env.GITHUB_STEP_SUMMARY,
      githubActions: process.env.GITHUB_ACTIONS === 'true',
    }),
    // The CI commands hand over whole lines without their newline.
    stdout: (s) => io.stdout(s.endsWith('\n') ? s : `${s}\n`),
    stderr: (s) => io.stderr(s.endsWith('\n') ? s : `${s}\n`),
    setExitCode: io.setExitCode,
  });
  return program;
}

/** Turn commander's own errors into one sentence (exit 2); let help and version exit 0. */
function commanderSentence(e: CommanderError): string {
  const msg = e.message.replace(/^error:\s*/, '').split('\n')[0];
  return `${msg}${msg.endsWith('.') ? '' : '.'} See \`pinstress --help\`.`;
}

export async function main(argv: string[], io: Io): Promise<number> {
  let code = kExitOk;
  const program = buildProgram({ ...io, setExitCode: (c) => { code = c; } });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return kExitOk;
      io.stderr(`pinstress: ${commanderSentence(e)}\n`);
      return kExitUsage;
    }
    if (e instanceof UsageError) {
      io.stderr(`pinstress: ${e.message}\n`);
      return kExitUsage;
    }
    throw e;
  }
}
