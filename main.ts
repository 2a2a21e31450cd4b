// The `pinstress` executable.
import { main } from './cli/program.ts';

const code = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stderrStream: process.stderr,
});
process.exitCode = code;
