import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBaseline, readBaseline, writeBaseline } from '../ci/baseline.ts';
import { type CiDeps, registerCiCommands } from '../ci/commands.ts';
import { mergeResults } from '../ci/merge.ts';
import { scenarioSeedKey, shardMatrix } from '../ci/shard.ts';
import type { ResultsDocument } from '../harness/result.ts';
import { makeDoc, mapRuns, repetitions, suiteDoc } from './fixtures/ci-docs.ts';
import { useTempDir } from './fixtures/ci-tmp.ts';
import { usageMessage } from './fixtures/ci-usage.ts';

interface Harness {
  run: (...argv: string[]) => Promise<void>;
  out: string[];
  err: string[];
  suiteCalls: Parameters<CiDeps['runSuite']>[0][];
  reportCalls: { doc: ResultsDocument; outDir: string }[];
  exitCode: number | undefined; // what the command set through deps.setExitCode
}

/** A fresh program with fake deps; `suite` is what the i-th runSuite call returns (1-based). */
function cli(suite: (i: number) => ResultsDocument = (i) => suiteDoc(i)): Harness {
  const h: Harness = { run: async () => {}, out: [], err: [], suiteCalls: [], reportCalls: [], exitCode: undefined };
  const program = new Command().exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  registerCiCommands(program, {
    runSuite: async (opts) => {
      h.suiteCalls.push(opts);
      return suite(h.suiteCalls.length);
    },
    writeReports: async (doc, outDir) => {
      h.reportCalls.push({ doc, outDir });
      return ['results.json', 'summary.md', 'junit.xml', 'report.html', 'trace.json', 'gc.log'].map((f) => join(outDir, f));
    },
    stdout: (s) => h.out.push(s),
    stderr: (s) => h.err.push(s),
    setExitCode: (c) => { h.exitCode = c; },
  });
  h.run = async (...argv) => {
    await program.parseAsync(argv, { from: 'user' });
  };
  return h;
}

const tmp = useTempDir('ci-commands');

describe('gate command', () => {
  let baselinePath = '';
  beforeAll(async () => {
    baselinePath = tmp.path('baseline.json');
    await writeBaseline(baselinePath, buildBaseline(repetitions(5)));
  });

  it('exits 0 when the results pass', async () => {
    const h = cli();
    await h.run('gate', '--baseline', baselinePath, await tmp.write('fresh.json', suiteDoc(6)));
    expect(h.exitCode).toBeUndefined();
    expect(h.out.join('\n')).toMatch(/gate passed: 12 checks$/);
  });

  it('exits 1 when they fail', async () => {
    const slow = mapRuns(suiteDoc(6), (r) => ({ ...r, stats: { ...r.stats, throughput: r.stats.throughput / 2 } }));
    const h = cli();
    await h.run('gate', '--baseline', baselinePath, await tmp.write('slow.json', slow));
    expect(h.exitCode).toBe(1);
    expect(h.out.join('\n')).toMatch(/gate FAILED: 3 of 12 checks failed/);
  });

  it('throws a UsageError (exit 2) on bad input', async () => {
    const fresh = await tmp.write('fresh2.json', suiteDoc(6));
    const used: Harness[] = [];
    const fresh1 = (): Harness => { const h = cli(); used.push(h); return h; };
    expect(await usageMessage(() => fresh1().run('gate', fresh))).toMatch(/--baseline/);
    expect(await usageMessage(() => fresh1().run('gate', '--baseline', baselinePath))).toMatch(/results/);
    expect(await usageMessage(() => fresh1().run('gate', '--baseline', tmp.path('nope.json'), fresh))).toMatch(/nope\.json: the file does not exist/);
    const bad = await tmp.write('bad-baseline.json', { schemaVersion: 1, samples: 'five' });
    expect(await usageMessage(() => fresh1().run('gate', '--baseline', bad, fresh))).toMatch(/bad-baseline\.json is not a valid baseline/);
    expect(used.map((h) => h.exitCode)).toEqual([undefined, undefined, undefined, undefined]); // exit 2 comes from main(), not the command
  });
});

describe('baseline command', () => {
  it('runs the suite --runs times and writes the baseline atomically', async () => {
    const out = tmp.path('b1', 'ci', 'baseline.json');
    const h = cli();
    await h.run('baseline', 'pin-concurrent', 'pin-nested', '--runs', '3', '--seeds', '1,2,3', '--out', out);
    expect(h.suiteCalls).toEqual(Array(3).fill({ scenarios: ['pin-concurrent', 'pin-nested'], seeds: [1, 2, 3], quiet: false }));
    const b = await readBaseline(out);
    expect(b.samples).toBe(3);
    expect(b).toEqual(buildBaseline(repetitions(3)));
    expect(await readdir(tmp.path('b1', 'ci'))).toEqual(['baseline.json']);
    expect(h.out.join('\n')).toMatch(/rule: throughput may fall to median x/);
    expect(h.out.join('\n')).toMatch(new RegExp(`wrote ${out}$`));
  });

  it('runs the suite 5 times by default', async () => {
    const h = cli();
    await h.run('baseline', '--quiet', '--out', tmp.path('b2.json'));
    expect(h.suiteCalls).toEqual(Array(5).fill({ scenarios: [], quiet: true }));
  });

  it.each(['0', '-1', 'abc', '2.5', '1e3', '', '100000'])('rejects --runs %j before running anything', async (bad) => {
    const h = cli();
    expect(await usageMessage(() => h.run('baseline', `--runs=${bad}`, '--out', tmp.path('never.json')))).toMatch(/^--runs (must be at (least 1|most 1000)|".*" is not a whole number)/);
    expect(h.suiteCalls).toEqual([]);
  });

  it('rejects bad --seeds', async () => {
    expect(await usageMessage(() => cli().run('baseline', '--seeds', '1,x', '--out', tmp.path('never.json')))).toMatch(/^--seeds must be/);
  });

  it('exits 1 and writes nothing when the suite does not pass every time', async () => {
    const out = tmp.path('b3.json');
    const h = cli((i) => (i === 2 ? mapRuns(suiteDoc(i), (r) => (r.seed === 3 && r.scenario === 'pin-nested' ? { ...r, status: 'crashed' } : r)) : suiteDoc(i)));
    await h.run('baseline', '--runs', '3', '--out', out);
    expect(h.exitCode).toBe(1);
    expect(h.err).toContain('baseline: repetition 2: pin-nested seed 3 crashed');
    expect(await readdir(tmp.path())).not.toContain('b3.json');
  });
});

describe('merge command', () => {
  it('merges the shards and regenerates every report from the merged document', async () => {
    const full = suiteDoc(1);
    const files = await Promise.all(
      [1, 2, 3].map((i) => tmp.write(`shard-${i}.json`, makeDoc(shardMatrix(full.runs, scenarioSeedKey, i, 3).map((r) => ({ ...r, shard: `${i}/3` }))))),
    );
    const h = cli();
    await h.run('merge', ...files, '--out', tmp.path('merged'));
    expect(h.reportCalls).toHaveLength(1);
    const { doc, outDir } = h.reportCalls[0];
    expect(outDir).toBe(tmp.path('merged'));
    expect(doc.runs.map(({ shard: _s, ...r }) => r)).toEqual(mergeResults([full]).runs);
    expect(doc.summary).toEqual(full.summary);
    expect(h.out.join('\n')).toMatch(/^merged 3 files into 9 runs: 9 passed, 0 failed, 0 hung, 0 crashed\nwrote .*results\.json/);
    expect(h.err).toEqual([]);
    expect(h.exitCode).toBeUndefined();
  });

  it('warns about runs that appear twice and keeps them', async () => {
    const a = await tmp.write('dup-a.json', suiteDoc(1));
    const h = cli();
    await h.run('merge', a, a, '--out', tmp.path('dup'));
    expect(h.reportCalls[0].doc.summary.total).toBe(18);
    expect(h.err).toHaveLength(9);
    expect(h.err[0]).toMatch(/^merge: deadlock-regression seed 1 \(in-place\) ran 2 times .*every time passed; all are kept\.$/);
  });

  it('throws a UsageError on bad input', async () => {
    const a = await tmp.write('ok-a.json', suiteDoc(1));
    expect(await usageMessage(() => cli().run('merge', a))).toMatch(/--out/);
    expect(await usageMessage(() => cli().run('merge', '--out', tmp.path('m')))).toMatch(/at least one results\.json/);
    expect(await usageMessage(() => cli().run('merge', a, tmp.path('gone.json'), '--out', tmp.path('m')))).toMatch(/gone\.json: the file does not exist/);
  });
});
