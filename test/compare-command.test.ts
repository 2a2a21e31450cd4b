// pinstress compare: the per-strategy rows (from hand-built runs), bad input, and the command
// end to end on small real runs (workers run dist/: `npm test` builds first).
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../cli/program.ts';
import { compareStrategies, parseStrategies, strategyRow } from '../harness/compare.ts';
import type { Diagnosis, ResultsDocument, RunResult, RunStats, RunStatus } from '../harness/result.ts';
import { strategyGroups } from '../reports/strategies.ts';
import { STRATEGIES, type Strategy } from '../runtime/layout.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import { useTempDir } from './fixtures/ci-tmp.ts';
import { expectOneSentence, usageMessage } from './fixtures/ci-usage.ts';
import { config, stats } from './fixtures/sample-results.ts';

function fakeRun(strategy: Strategy, seed: number, s: Partial<RunStats>, status: RunStatus = 'passed', kind?: Diagnosis['kind']): RunResult {
  return {
    scenario: 'pin-concurrent', status, seed, config: config({ scenario: 'pin-concurrent', strategy, seed }), stats: stats(s),
    outcomes: { ok: 10, pinExercised: 1, movedWhilePinned: status === 'failed' && kind === 'forbidden-outcome' ? 2 : 0, magicCorrupted: 0, staleRoot: 0, heapInvalid: 0 },
    assertions: [], durationMs: 100, repro: `npx pinstress run pin-concurrent --seed ${seed}`,
    diagnosis: kind ? ({ kind, message: `${kind} happened.` } as Diagnosis) : null,
  };
}

describe('strategyRow', () => {
  it('takes medians over seeds, the longest locker wait, and sums forbidden outcomes', () => {
    const row = strategyRow('gc-locker', [
      fakeRun('gc-locker', 1, { throughput: 100, gcLockerWaitUs: 10, gcLockerMaxWaitUs: 5, pinCopyBytes: 0, allocFailures: 1 }),
      fakeRun('gc-locker', 2, { throughput: 300, gcLockerWaitUs: 30, gcLockerMaxWaitUs: 90, allocFailures: 3 }, 'failed', 'forbidden-outcome'),
      fakeRun('gc-locker', 3, { throughput: 200, gcLockerWaitUs: 20, gcLockerMaxWaitUs: 7, allocFailures: 2 }, 'hung', 'deadlock'),
    ]);
    expect(row).toMatchObject({
      strategy: 'gc-locker', runs: 3, throughput: 200, lockerWaitUs: 20, lockerMaxWaitUs: 90, allocFailures: 2, forbidden: 2,
      statuses: '1/3 passed, 1 failed (forbidden-outcome), 1 hung (deadlock)',
      statusCounts: { passed: 1, failed: 1, hung: 1, crashed: 0 },
      pinSpaceFreeBytes: null, // only copy-on-pin has a pin space to fragment
    });
  });

  it('leaves pauses out of runs that never collected, and pin-space figures out of runs never swept', () => {
    const none = { count: 0, p50: 0, p99: 0, max: 0, mean: 0 };
    const row = strategyRow('copy-on-pin', [
      fakeRun('copy-on-pin', 1, { pause: none, majorCollections: 0, pinSpaceFreeBytes: 0 }),
      fakeRun('copy-on-pin', 2, { pause: { count: 3, p50: 40, p99: 900, max: 900, mean: 300 }, majorCollections: 1, pinSpaceFreeBytes: 4096 }),
    ]);
    expect(row).toMatchObject({ pauseP50Us: 40, pauseP99Us: 900, pinSpaceFreeBytes: 4096, statuses: '2/2 passed' });
    expect(strategyRow('in-place', [fakeRun('in-place', 1, { pause: none })]).pauseP50Us).toBeNull();
  });
});

describe('bad input', () => {
  it('refuses unknown, repeated and missing strategies with one sentence', async () => {
    expect(await usageMessage(() => parseStrategies(['in-place', 'pin-forever']))).toMatch(/unknown strategy "pin-forever"/);
    expect(await usageMessage(() => parseStrategies(['gc-locker', 'gc-locker']))).toMatch(/named twice/);
    expect(await usageMessage(() => parseStrategies([]))).toMatch(/at least one/);
  });

  it('fails before any run starts', async () => {
    const o = { scenario: 'pin-concurrent', strategies: [...STRATEGIES], seeds: [1] };
    expect(await usageMessage(() => compareStrategies(SCENARIOS, { ...o, scenario: 'nope' }))).toMatch(/unknown scenario/);
    expect(await usageMessage(() => compareStrategies(SCENARIOS, { ...o, seeds: [] }))).toMatch(/seed/);
    expect(await usageMessage(() => compareStrategies(SCENARIOS, { ...o, overrides: { mutators: 0 } }))).toMatch(/mutators/);
  });
});

describe('pinstress compare', () => {
  const tmp = useTempDir('compare');
  let out: string[] = [];
  let err: string[] = [];
  const cli = (...argv: string[]): Promise<number> =>
    main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stderrStream: process.stderr });
  beforeEach(() => {
    out = [];
    err = [];
  });
  const small = ['native-calls', '--mutators', '2', '--iterations', '30', '--quiet'];

  it('prints one aligned table with a row per strategy, in the order given', async () => {
    expect(await cli('compare', ...small, '--seeds', '1', '--strategy', 'gc-locker,in-place,copy-on-pin')).toBe(0);
    const lines = out.join('').trim().split('\n');
    expect(lines[0]).toMatch(/^strategy\s+runs\s+throughput\s+pause p50\s+pause p99/);
    expect(lines[1]).toMatch(/^-+(\s+-+)+$/);
    expect(lines.slice(2, 5).map((l) => l.split(/\s+/)[0])).toEqual(['gc-locker', 'in-place', 'copy-on-pin']);
    for (const l of lines.slice(2, 5)) expect(l).toContain('1/1 passed');
    // Aligned: every column ends where its header's column ends.
    const ends = (l: string): number[] => [...l.matchAll(/\S+(?=\s{2}|$)/g)].map((m) => m.index + m[0].length);
    expect(ends(lines[2]).slice(-3)).toEqual(ends(lines[0]).slice(-3));
  });

  it('--json prints the rows and the results document; --out writes it with every report', async () => {
    const dir = tmp.path('out');
    expect(await cli('compare', ...small, '--seeds', '2', '--json', '--out', dir)).toBe(0);
    const j = JSON.parse(out.join('')) as { table: { strategy: string; runs: number }[]; results: ResultsDocument };
    expect(j.table.map((r) => [r.strategy, r.runs])).toEqual(STRATEGIES.map((s) => [s, 2]));
    expect(j.results.runs).toHaveLength(6);
    expect(err.join('')).toMatch(/^strategy\s+runs/m); // the table moves to stderr
    const written = JSON.parse(await readFile(`${dir}/results.json`, 'utf8')) as ResultsDocument;
    expect(written.runs.map((r) => `${r.seed}:${r.config.strategy}`)).toEqual(j.results.runs.map((r) => `${r.seed}:${r.config.strategy}`));
    // Runs that differ only in strategy: what the HTML report's comparison chart is drawn from.
    expect(strategyGroups(written.runs).map((g) => g.runs.length)).toEqual([3, 3]);
    for (const f of ['summary.md', 'junit.xml', 'report.html', 'trace.json', 'gc.log']) await readFile(`${dir}/${f}`);
    // Six testcases, none merged away by a CI reporter: each names its strategy, on this machine.
    const junit = await readFile(`${dir}/junit.xml`, 'utf8');
    const names = [...junit.matchAll(/<testcase classname="[^"]*" name="([^"]*)"/g)].map((m) => m[1]);
    expect(new Set(names).size).toBe(6);
    for (const s of STRATEGIES) expect(names.filter((n) => n.includes(` strategy=${s}`))).toHaveLength(2);
    expect(junit).toContain(` hostname="${hostname()}"`);
    expect(written.host.hostname).toBe(hostname());
  });

  it('exits 1 when a run does not pass, with its diagnosis and repro line', async () => {
    expect(await cli('compare', 'pin-concurrent', '--strategy', 'in-place', '--fault', 'move-pinned', '--mutators', '2', '--iterations', '1500', '--seeds', '1', '--quiet')).toBe(1);
    const text = out.join('');
    expect(text).toMatch(/^in-place\s+0\/1 passed, 1 failed \(forbidden-outcome\)/m);
    expect(text).toMatch(/repro: npx pinstress run pin-concurrent .*--fault move-pinned/);
  });

  it('exits 2 with one sentence on a bad strategy name, before running anything', async () => {
    expect(await cli('compare', 'pin-concurrent', '--strategy', 'in-place,pin-forever')).toBe(2);
    expect(out).toEqual([]);
    const msg = err.join('').replace(/^pinstress: /, '').trim();
    expectOneSentence(msg);
    expect(msg).toMatch(/unknown strategy "pin-forever"/);
  });
});
