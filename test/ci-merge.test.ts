import { describe, expect, it } from 'vitest';
import type { RunResult } from '../harness/result.ts';
import { findDuplicates, mergeNotes, mergeResults, readResultsFile } from '../ci/merge.ts';
import { validateResults } from '../ci/results-schema.ts';
import { scenarioSeedKey, shardMatrix } from '../ci/shard.ts';
import { makeDoc, makeRun, profile, suiteDoc } from './fixtures/ci-docs.ts';
import { useTempDir } from './fixtures/ci-tmp.ts';
import { usageMessage } from './fixtures/ci-usage.ts';

/** A run as the unsharded suite would have produced it. */
const unshard = (r: RunResult): RunResult => {
  const { shard: _shard, ...rest } = r;
  return rest;
};

/** The unsharded suite split the way `pinstress run --shard i/n` splits it. */
function shardDocs(count: number) {
  const full = suiteDoc(1);
  return {
    full,
    shards: Array.from({ length: count }, (_, i) =>
      makeDoc(
        shardMatrix(full.runs, scenarioSeedKey, i + 1, count).map((r) => ({ ...r, shard: `${i + 1}/${count}` })),
        `2026-11-24T12:0${i}:00.000Z`,
      ),
    ),
  };
}

describe('mergeResults', () => {
  it('of the shards equals the unsharded set of runs', () => {
    for (const count of [2, 3]) {
      const { full, shards } = shardDocs(count);
      const merged = mergeResults(shards);
      expect(merged.runs.map(unshard)).toEqual(mergeResults([full]).runs);
      expect(merged.summary).toEqual(full.summary);
      expect(mergeNotes(merged)).toEqual([]);
    }
  });

  it('orders runs by scenario, seed, strategy and shard, whatever order the files come in', () => {
    const { shards } = shardDocs(3);
    const a = mergeResults(shards);
    const b = mergeResults([...shards].reverse());
    expect(b).toEqual(a);
    const keys = a.runs.map((r) => [r.scenario, r.seed]);
    expect(keys).toEqual([...keys].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : (x[1] as number) - (y[1] as number))));
    expect(a.createdAt).toBe('2026-11-24T12:02:00.000Z'); // the newest input
  });

  it('recomputes the summary instead of trusting the inputs', () => {
    const p = profile('pin-concurrent');
    const doc = makeDoc([makeRun(p, 1), makeRun(p, 2, { status: 'hung' })]);
    const merged = mergeResults([{ ...doc, summary: { total: 99, passed: 99, failed: 0, hung: 0, crashed: 0, interrupted: 0 } }]);
    expect(merged.summary).toEqual({ total: 2, passed: 1, failed: 0, hung: 1, crashed: 0, interrupted: 0 });
  });

  it('keeps both copies of a run that ran twice and flags whether they agree', () => {
    const p = profile('pin-concurrent');
    const a = makeDoc([makeRun(p, 7, { shard: '1/2' }), makeRun(p, 8, { shard: '1/2' })]);
    const b = makeDoc([makeRun(p, 7, { shard: '2/2', status: 'hung' }), makeRun(p, 8, { shard: '2/2', throughput: 1_800_000 })]);
    const merged = mergeResults([a, b]);
    expect(merged.runs).toHaveLength(4);
    expect(merged.summary.hung).toBe(1);
    const dups = findDuplicates(merged.runs);
    expect(dups.map((d) => [d.seed, d.agree, d.statuses])).toEqual([
      [7, false, ['passed', 'hung']],
      [8, true, ['passed', 'passed']],
    ]);
    expect(mergeNotes(merged).join('\n')).toMatch(/seed 7 .*differing statuses passed, hung/);
  });

  it('does not call runs with different configurations duplicates', () => {
    const p = profile('pin-concurrent');
    const runs = [makeRun(p, 1), makeRun(p, 1, { strategy: 'gc-locker' })];
    expect(findDuplicates(runs)).toEqual([]);
  });

  it('notices a shard that contributed nothing', () => {
    const { shards } = shardDocs(3);
    expect(mergeNotes(mergeResults([shards[0], shards[2]]))).toEqual([expect.stringMatching(/No runs from shard 2\/3/)]);
  });

  it('says so when the merged files hold no runs at all', () => {
    const { shards } = shardDocs(3);
    const none = { ...shards[0], runs: [] };
    expect(mergeNotes(mergeResults([none]))).toEqual([expect.stringMatching(/hold no runs at all/)]);
    expect(mergeNotes(mergeResults([shards[0]]))).not.toContainEqual(expect.stringMatching(/hold no runs/));
  });

  it('refuses an empty list; its input was checked as it was read (readResultsFile), once', async () => {
    await usageMessage(() => mergeResults([]));
    const doc = suiteDoc(1);
    expect(await usageMessage(() => validateResults({ ...doc, schemaVersion: 2 }, 'results document 1'))).toMatch(/schemaVersion 2/);
    const broken = { ...doc, runs: doc.runs.map((r, i) => (i === 1 ? { ...r, stats: { ...r.stats, throughput: 'fast' } } : r)) };
    expect(await usageMessage(() => validateResults(broken, 'results document 2'))).toMatch(/results document 2 .*runs\[1\]\.stats\.throughput/);
  });
});

describe('readResultsFile', () => {
  const tmp = useTempDir('ci-merge');

  it('reads a valid document', async () => {
    const path = await tmp.write('ok.json', suiteDoc(1));
    expect(await readResultsFile(path)).toEqual(suiteDoc(1));
  });

  it('names the file and the problem in one sentence', async () => {
    const missing = tmp.path('missing.json');
    expect(await usageMessage(() => readResultsFile(missing))).toBe(`cannot read results file ${missing}: the file does not exist.`);

    const truncated = await tmp.write('truncated.json', JSON.stringify(suiteDoc(1)).slice(0, 200));
    expect(await usageMessage(() => readResultsFile(truncated))).toMatch(new RegExp(`^Results file ${truncated} is not valid JSON: `));

    const future = await tmp.write('future.json', { ...suiteDoc(1), schemaVersion: 2 });
    expect(await usageMessage(() => readResultsFile(future))).toContain(`${future} has schemaVersion 2`);

    const wrong = await tmp.write('wrong.json', { schemaVersion: 1, runs: [] });
    expect(await usageMessage(() => readResultsFile(wrong))).toMatch(new RegExp(`^${wrong} is not a valid results document: tool`));

    expect(await usageMessage(() => readResultsFile(tmp.path()))).toContain('is a directory');
  });
});
