// Runs the CLI in this process (cli/program.ts main) and keeps what it printed.
import { main } from '../cli/program.ts';

export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, stderrStream: process.stderr });
  return { code, out, err };
}
