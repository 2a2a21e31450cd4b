// pinstress soak: the run matrix, its flags (bad ones are one sentence, exit 2, before any run)
// and the summary, which says truthfully what the runs covered.
import { describe, expect, it } from 'vitest';
import { main } from '../cli/program.ts';
import { formatSoakSummary, soakMatrix, summarizeSoak } from '../cli/soak-matrix.ts';
import type { RunResult } from '../harness/result.ts';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, stderrStream: process.stderr });
  return { code, out, err };
}

const entries = ['a', 'b', 'c'].map((scenario) => ({ scenario }));

describe('soak matrix', () => {
  it('cycles every entry x perturbation pair, one fresh seed per run, keeping an entry\'s own overrides', () => {
    const m = soakMatrix([...entries.slice(0, 2), { scenario: 'c', overrides: { strategy: 'copy-on-pin' } }], ['none', 'yield'], 13, 7);
    expect(m).toHaveLength(13);
    expect(m.map((x) => x.seed)).toEqual(Array.from({ length: 13 }, (_, i) => 7 + i));
    expect(m.slice(0, 6).map((x) => `${x.scenario}/${x.overrides?.perturb}`)).toEqual(['a/none', 'b/none', 'c/none', 'a/yield', 'b/yield', 'c/yield']);
    expect(m[2].overrides).toEqual({ strategy: 'copy-on-pin', perturb: 'none' });
    const perPair = new Map<string, number>();
    for (const x of m) perPair.set(`${x.scenario}/${x.overrides?.perturb}`, (perPair.get(`${x.scenario}/${x.overrides?.perturb}`) ?? 0) + 1);
    expect(perPair.size).toBe(6);
    expect(Math.max(...perPair.values()) - Math.min(...perPair.values())).toBeLessThanOrEqual(1);
  });

  it('runs an entry that already sets a perturbation once per mode, not twice under that mode', () => {
    const m = soakMatrix([{ scenario: 'a' }, { scenario: 'a', overrides: { perturb: 'jitter' } }, { scenario: 'b', overrides: { strategy: 'gc-locker' } }], ['none', 'jitter'], 8, 1);
    const labels = m.map((x) => `${x.scenario}/${x.overrides?.strategy ?? '-'}/${x.overrides?.perturb}`);
    expect(labels.slice(0, 4)).toEqual(['a/-/none', 'b/gc-locker/none', 'a/-/jitter', 'b/gc-locker/jitter']);
    expect(new Set(labels).size).toBe(4);
  });

  it('seeds wrap at 32 bits, like `pinstress run --seeds`', () => {
    expect(soakMatrix([{ scenario: 'a' }], ['none'], 2, 0xffffffff).map((x) => x.seed)).toEqual([0xffffffff, 0]);
  });
});

describe('soak flags: one sentence, exit 2, no run', () => {
  const bad: [string, string[], RegExp][] = [
    ['zero runs', ['--runs', '0'], /--runs must be at least 1/],
    ['non-numeric runs', ['--runs', 'many'], /--runs "many" is not a whole number/],
    ['negative seed', ['--first-seed', '-1'], /--first-seed must be at least 0/],
    ['seed past 32 bits', ['--first-seed', '4294967296'], /--first-seed must fit in 32 bits/],
    ['unknown scenario', ['--scenario', 'nope'], /unknown scenario "nope"/],
    ['empty scenario list', ['--scenario', ','], /--scenario needs at least one/],
    ['unknown perturbation', ['--perturb', 'wobble'], /unknown perturbation mode "wobble"/],
    ['bad duration', ['--duration', 'forever'], /--duration "forever" is not a time/],
    ['unknown flag', ['--frobnicate'], /unknown option '--frobnicate'/],
  ];
  for (const [what, argv, re] of bad) {
    it(what, async () => {
      const r = await cli('soak', '--no-reports', ...argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(re);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.out).toBe('');
    });
  }
});

describe('soak summary', () => {
  const run = (status: RunResult['status'], kind: string | null, durationMs: number, seed: number): RunResult =>
    ({ status, durationMs, seed, diagnosis: kind ? { kind } : null } as unknown as RunResult);

  it('counts failures by status and diagnosis kind, with the median run time', () => {
    const s = summarizeSoak([run('passed', null, 100, 1), run('hung', 'deadlock', 3000, 2), run('passed', null, 300, 3), run('failed', 'assertion', 200, 4)],
      { pairs: 10, entries: 2, perturbs: 5, firstSeed: 1 }, 3600.4);
    expect(s).toMatchObject({ runs: 4, passed: 2, failed: 2, byClass: { 'hung/deadlock': 1, 'failed/assertion': 1 }, totalMs: 3600, medianRunMs: 250 });
    expect(formatSoakSummary(s)).toContain('2 failed (hung/deadlock 1, failed/assertion 1)');
  });

  it('says how much of the matrix the runs covered, not the matrix\'s size', () => {
    const runs = Array.from({ length: 6 }, (_, i) => run('passed', null, 10, i + 1));
    expect(formatSoakSummary(summarizeSoak(runs, { pairs: 45, entries: 9, perturbs: 5, firstSeed: 1 }, 60))).toContain('6 of the 45 distinct pairs of 9 suite entries x 5 perturbation modes');
    expect(formatSoakSummary(summarizeSoak(runs, { pairs: 6, entries: 3, perturbs: 2, firstSeed: 1 }, 60))).toContain('every one of the 6 distinct pairs of 3 suite entries x 2 perturbation modes');
  });
});
