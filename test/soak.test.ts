// The soak's pure parts: the run matrix, flag parsing and the summary. No runs start here.
import { describe, expect, it } from 'vitest';
import { PERTURB_MODES } from '../harness/config.ts';
import { formatSoakSummary, kDefaultSoakRuns, parseSoakArgs, soakMatrix, summarizeSoak, type SoakRecord } from '../cli/soak-matrix.ts';
import { UsageError } from '../harness/usage-error.ts';
import { DEFAULT_SUITE, SCENARIOS } from '../scenarios/index.ts';

const parse = (...argv: string[]) => parseSoakArgs(argv, SCENARIOS, DEFAULT_SUITE, { stdout: () => undefined });

describe('soak matrix', () => {
  it('cycles every scenario x perturbation pair, one fresh seed per run', () => {
    const m = soakMatrix(['a', 'b', 'c'], ['none', 'yield'], 13, 7);
    expect(m).toHaveLength(13);
    expect(m.map((x) => x.seed)).toEqual(Array.from({ length: 13 }, (_, i) => 7 + i));
    expect(m.slice(0, 6).map((x) => `${x.scenario}/${x.perturb}`)).toEqual(['a/none', 'b/none', 'c/none', 'a/yield', 'b/yield', 'c/yield']);
    expect(m[6]).toMatchObject({ scenario: 'a', perturb: 'none' });
    const perPair = new Map<string, number>();
    for (const x of m) perPair.set(`${x.scenario}/${x.perturb}`, (perPair.get(`${x.scenario}/${x.perturb}`) ?? 0) + 1);
    expect(perPair.size).toBe(6);
    expect(Math.max(...perPair.values()) - Math.min(...perPair.values())).toBeLessThanOrEqual(1);
  });

  it('the default covers the whole suite under every mode, at least 200 runs', () => {
    const o = parse();
    if (o === 'help') throw new Error('unexpected help');
    expect(o).toMatchObject({ runs: kDefaultSoakRuns, firstSeed: 1, scenarios: [...DEFAULT_SUITE], perturbs: [...PERTURB_MODES], json: false, out: null });
    expect(o.runs).toBeGreaterThanOrEqual(200);
    const m = soakMatrix(o.scenarios, o.perturbs, o.runs, o.firstSeed);
    expect(new Set(m.map((x) => `${x.scenario}/${x.perturb}`)).size).toBe(DEFAULT_SUITE.length * PERTURB_MODES.length);
  });

  it('seeds wrap at 32 bits, like `pinstress run --seeds`', () => {
    expect(soakMatrix(['a'], ['none'], 2, 0xffffffff).map((x) => x.seed)).toEqual([0xffffffff, 0]);
  });
});

describe('soak flags', () => {
  it('parses lists, seeds, --json and --out', () => {
    expect(parse('--runs', '5', '--first-seed', '0', '--scenario', 'pin-concurrent,ffi-blocking', '--scenario', 'pin-concurrent', '--perturb', 'sleep', '--json', '--out', 'o'))
      .toEqual({ runs: 5, firstSeed: 0, scenarios: ['pin-concurrent', 'ffi-blocking'], perturbs: ['sleep'], json: true, out: 'o' });
  });

  const bad: [string, string[], RegExp][] = [
    ['zero runs', ['--runs', '0'], /--runs must be at least 1/],
    ['non-numeric runs', ['--runs', 'many'], /--runs "many" is not a whole number/],
    ['negative seed', ['--first-seed', '-1'], /--first-seed must be at least 0/],
    ['seed past 32 bits', ['--first-seed', '4294967296'], /--first-seed must fit in 32 bits/],
    ['unknown scenario', ['--scenario', 'nope'], /unknown scenario "nope"/],
    ['empty scenario list', ['--scenario', ','], /--scenario needs at least one/],
    ['unknown perturbation', ['--perturb', 'wobble'], /unknown perturbation mode "wobble"/],
    ['unknown flag', ['--frobnicate'], /unknown option '--frobnicate'/],
    ['missing value', ['--runs'], /argument missing/],
    ['positional argument', ['pin-concurrent'], /takes only flags, not "pin-concurrent"/],
  ];
  for (const [what, argv, re] of bad) {
    it(`${what}: one sentence, a UsageError (exit 2)`, () => {
      let err: unknown;
      try { parse(...argv); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(UsageError);
      expect((err as UsageError).exitCode).toBe(2);
      expect((err as UsageError).message).toMatch(re);
      expect((err as UsageError).message).not.toContain('\n');
    });
  }

  it('--help is not an error', () => {
    let out = '';
    expect(parseSoakArgs(['--help'], SCENARIOS, DEFAULT_SUITE, { stdout: (s) => { out += s; } })).toBe('help');
    expect(out).toContain('--first-seed');
  });
});

describe('soak summary', () => {
  const rec = (index: number, status: SoakRecord['status'], kind: SoakRecord['kind'], durationMs: number): SoakRecord => ({
    index, scenario: 'pin-concurrent', seed: index + 1, perturb: 'yield', status, kind, message: kind ? `${kind} happened` : null, repro: `npx pinstress run pin-concurrent --seed ${index + 1}`, durationMs,
  });

  it('counts failures by status and diagnosis kind, with the median run time and every repro line', () => {
    const s = summarizeSoak([rec(0, 'passed', null, 100), rec(1, 'hung', 'deadlock', 3000), rec(2, 'passed', null, 300), rec(3, 'failed', 'assertion', 200)],
      { firstSeed: 1, scenarios: ['pin-concurrent'], perturbs: ['yield'] }, 3600.4);
    expect(s).toMatchObject({ runs: 4, passed: 2, failed: 2, byClass: { 'hung/deadlock': 1, 'failed/assertion': 1 }, totalMs: 3600, medianRunMs: 250 });
    const text = formatSoakSummary(s);
    expect(text).toContain('4 runs');
    expect(text).toContain('2 failed (hung/deadlock 1, failed/assertion 1)');
    expect(text).toContain('repro: npx pinstress run pin-concurrent --seed 2');
    expect(text).toContain('perturb=yield: hung (deadlock)');
  });
});
