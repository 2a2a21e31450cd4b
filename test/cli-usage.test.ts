// Bad input: one clear sentence naming the problem, exit code 2, no stack trace, no run.
import { describe, expect, it } from 'vitest';
import { main } from '../cli/program.ts';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, stderrStream: process.stderr });
  return { code, out, err };
}

describe('bad input exits 2 with one sentence', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown scenario', ['run', 'no-such-scenario'], /unknown scenario "no-such-scenario"/],
    ['unknown fault', ['run', 'pin-concurrent', '--fault', 'gremlins'], /unknown fault "gremlins"/],
    ['unknown flag', ['run', '--frobnicate'], /unknown option '--frobnicate'/],
    ['zero mutators', ['run', 'pin-concurrent', '--mutators', '0'], /--mutators must be at least 1/],
    ['negative iterations', ['run', 'pin-concurrent', '--iterations', '-5'], /--iterations must be at least 1/],
    ['non-numeric count', ['run', 'pin-concurrent', '--iterations', 'lots'], /--iterations "lots" is not a whole number/],
    ['nursery smaller than one object', ['run', 'pin-concurrent', '--nursery', '64'], /cannot hold one 80-byte object/],
    ['malformed size', ['run', 'pin-concurrent', '--nursery', '64XB'], /--nursery "64XB" is not a size/],
    ['bad mutex mode', ['run', 'pin-concurrent', '--mutex', 'recursive'], /recursive/],
    ['bad shard', ['run', '--shard', '3/2'], /shard/i],
    ['missing repro file', ['repro', '/nonexistent/results.json'], /Cannot read results file/],
  ];
  for (const [what, argv, re] of cases) {
    it(what, async () => {
      const r = await cli(...argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(re);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(r.out).toBe('');
    });
  }

  it('a good command still runs (exit 0), so the cases above fail for their own reason', async () => {
    const r = await cli('list');
    expect(r.code).toBe(0);
    expect(r.out).toContain('pin-concurrent');
    expect(r.out).toContain('nested-init');
  });
});
