// main() returns each command's own exit code: a failed run is 1, and the next command in the same
// process starts from 0 (the code is not carried over in a global).
import { describe, expect, it } from 'vitest';
import { main } from '../cli/program.ts';

const quiet = { stdout: () => {}, stderr: () => {}, stderrStream: process.stderr };

describe('exit codes', () => {
  it('a failed run returns 1; a list right after it returns 0', async () => {
    // Too short to collect: the scenario's assertions on statistics fail.
    expect(await main(['run', 'pin-concurrent', '--mutators', '1', '--iterations', '10', '--no-reports', '--quiet'], quiet)).toBe(1);
    expect(await main(['list'], quiet)).toBe(0);
  });
});
