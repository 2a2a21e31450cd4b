// Bad input: one clear sentence naming the problem, exit code 2, no stack trace, no run.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/program.ts';

const configDir = mkdtempSync(join(tmpdir(), 'pinstress-config-'));
function configFile(name: string, text: string): string {
  const f = join(configDir, name);
  writeFileSync(f, text);
  return f;
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, stderrStream: process.stderr });
  return { code, out, err };
}

describe('bad input exits 2 with one sentence', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown scenario', ['run', 'no-such-scenario'], /unknown scenario "no-such-scenario"/],
    ['unknown fault', ['run', 'pin-concurrent', '--fault', 'gremlins'], /--fault "gremlins" is not a known name \(known: nested-init/],
    ['unknown flag', ['run', '--frobnicate'], /unknown option '--frobnicate'/],
    ['zero mutators', ['run', 'pin-concurrent', '--mutators', '0'], /--mutators must be at least 1/],
    ['negative iterations', ['run', 'pin-concurrent', '--iterations', '-5'], /--iterations must be at least 1/],
    ['non-numeric count', ['run', 'pin-concurrent', '--iterations', 'lots'], /--iterations "lots" is not a whole number/],
    ['nursery smaller than one object', ['run', 'pin-concurrent', '--nursery', '64'], /cannot hold one 80-byte object/],
    ['malformed size', ['run', 'pin-concurrent', '--nursery', '64XB'], /--nursery "64XB" is not a size/],
    ['bad mutex mode', ['run', 'pin-concurrent', '--mutex', 'recursive'], /recursive/],
    ['bad shard', ['run', '--shard', '3/2'], /shard/i],
    ['missing repro file', ['repro', '/nonexistent/results.json'], /cannot read results file/],
    ['a fractional size', ['run', 'pin-concurrent', '--nursery', '1.3'], /--nursery "1\.3" is not a whole number of bytes/],
    ['too many mutators, named by its flag', ['run', 'pin-concurrent', '--mutators', '100'], /^pinstress: --mutators must be at most 64\.\n$/],
    ['a scenario named twice', ['run', 'pin-concurrent', 'pin-concurrent'], /scenario pin-concurrent is named twice/],
    ['a config file holding an array', ['run', 'pin-concurrent', '--config', configFile('array.json', '[1, 2]')], /must hold one JSON object of run options .*not an array/],
    ['a binary config file', ['run', 'pin-concurrent', '--config', configFile('binary.json', '\u0000\u0001binary\nline 2\nline 3')], /config file .*binary\.json is not valid JSON/],
    ['a config value out of range, named by its option', ['run', 'pin-concurrent', '--config', configFile('zero.json', '{"mutators": 0}')], /config file .*zero\.json: mutators must be at least 1\./],
    ['a config file naming another scenario', ['run', 'pin-concurrent', '--config', configFile('other.json', '{"scenario": "ffi-blocking"}')], /names scenario ffi-blocking, but the command line names pin-concurrent/],
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

  it('a config file\'s "scenario" is what runs when the command line names none', async () => {
    const r = await cli('run', '--config', configFile('ffi.json', '{"scenario": "pin-gc-pressure", "iterations": 1000, "mutators": 2}'), '--no-reports', '--quiet');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/pin-gc-pressure\s+1\s+in-place\s+\S[^|\n]*?\s+passed/);
    expect(r.out).not.toMatch(/pin-concurrent/);
  });

  it('a good command still runs (exit 0), so the cases above fail for their own reason', async () => {
    const r = await cli('list');
    expect(r.code).toBe(0);
    expect(r.out).toContain('pin-concurrent');
    expect(r.out).toContain('nested-init');
  });
});
