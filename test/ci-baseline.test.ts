import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { baselineBlockers, buildBaseline, kDefaultRule, type MetricBaseline, pauseLimit, readBaseline, throughputLimit, writeBaseline } from '../ci/baseline.ts';
import { mapRuns, repetitions, SUITE } from './fixtures/ci-docs.ts';
import { useTempDir } from './fixtures/ci-tmp.ts';
import { usageMessage } from './fixtures/ci-usage.ts';

const metric = (samples: number[], median: number, mad: number): MetricBaseline => ({ samples, median, mad });

describe('buildBaseline', () => {
  it('takes one sample per repetition: the median over the scenario\'s seeds', () => {
    const docs = repetitions(5);
    const b = buildBaseline(docs);
    expect(b.schemaVersion).toBe(1);
    expect(b.samples).toBe(5);
    expect(Object.keys(b.scenarios).sort()).toEqual(SUITE.map((s) => s.name).sort());
    const pc = b.scenarios['pin-concurrent'];
    expect(pc.status).toBe('passed');
    expect(pc.throughput.samples).toHaveLength(5);
    const rep2 = docs[1].runs.filter((r) => r.scenario === 'pin-concurrent').map((r) => r.stats.throughput).sort((x, y) => x - y);
    expect(pc.throughput.samples[1]).toBe(rep2[1]);
    expect(pc.throughput.median).toBeGreaterThan(1_930_000 * 0.98);
    expect(pc.throughput.median).toBeLessThan(1_930_000 * 1.02);
    expect(b.rule.text).toMatch(/4 x 1\.4826 x MAD \/ median/);
  });

  it('keeps each configuration of a scenario apart, so a copy-on-pin run never pools with an in-place one', () => {
    const docs = repetitions(5).map((d) => ({ ...d, runs: [...d.runs, ...d.runs.filter((r) => r.scenario === 'pin-nested').map((r) => ({ ...r, config: { ...r.config, strategy: 'copy-on-pin' as const }, stats: { ...r.stats, throughput: r.stats.throughput / 3 } }))] }));
    const b = buildBaseline(docs);
    expect(Object.keys(b.scenarios)).toContain('pin-nested [copy-on-pin]');
    const ratio = b.scenarios['pin-nested [copy-on-pin]'].throughput.median / b.scenarios['pin-nested'].throughput.median;
    expect(ratio).toBeCloseTo(1 / 3, 2);
  });

  it('is not dragged by one cold repetition', () => {
    const docs = repetitions(5);
    docs[0] = mapRuns(docs[0], (r) => ({ ...r, stats: { ...r.stats, throughput: r.stats.throughput / 10 } }));
    const m = buildBaseline(docs).scenarios['pin-concurrent'].throughput.median;
    expect(m).toBeGreaterThan(1_930_000 * 0.97);
  });

  it('refuses repetitions in which anything failed, hung or is missing', async () => {
    const docs = repetitions(3);
    docs[1] = mapRuns(docs[1], (r) => (r.scenario === 'pin-nested' && r.seed === 2 ? { ...r, status: 'hung' } : r));
    docs[2] = { ...docs[2], runs: docs[2].runs.filter((r) => r.scenario !== 'deadlock-regression') };
    expect(baselineBlockers(docs)).toEqual(['repetition 2: pin-nested seed 2 hung', 'repetition 3 has no runs of deadlock-regression']);
    expect(await usageMessage(() => buildBaseline(docs))).toBe('cannot build a baseline: repetition 2: pin-nested seed 2 hung (and 1 more problem).');
    expect(baselineBlockers([])).toEqual(['there are no repetitions']);
  });
});

describe('tolerance', () => {
  it('is k x 1.4826 x MAD / median, or the floor when that is smaller', () => {
    const rule = { ...kDefaultRule, throughputFloor: 0.05, pauseFloor: 0.1 };
    const t = throughputLimit(metric([100, 102, 98, 101, 99], 100, 1), rule);
    expect(t.tolerance).toBeCloseTo((4 * 1.4826) / 100, 6);
    expect(t.limit).toBeCloseTo(100 * (1 - (4 * 1.4826) / 100), 6);
    expect(throughputLimit(metric([100, 100, 100], 100, 0), rule)).toEqual({ tolerance: 0.05, limit: 95, limitPct: expect.closeTo(-5, 9) });
    // Pauses: the relative floor, or the absolute slack for short pauses.
    expect(pauseLimit(metric([1000, 1000, 1000], 1000, 0), rule).limit).toBeCloseTo(1100, 9);
    expect(pauseLimit(metric([300, 310, 290, 305, 295], 300, 5), rule).limit).toBe(350);
  });

  it('has floors wide enough for a shared machine: five repetitions that happen to agree do not make a 6% limit', () => {
    expect(throughputLimit(metric([100, 100, 101, 99, 100], 100, 0.4), kDefaultRule).tolerance).toBe(0.15);
    expect(pauseLimit(metric([1000, 1000, 1000], 1000, 0), kDefaultRule).limit).toBeCloseTo(1250, 9);
  });

  it('derives from the samples: noisier repetitions give a wider limit', () => {
    const quiet = buildBaseline(repetitions(7, 0.01));
    const noisy = buildBaseline(repetitions(7, 0.4));
    for (const s of SUITE) {
      const q = throughputLimit(quiet.scenarios[s.name].throughput, quiet.rule);
      const n = throughputLimit(noisy.scenarios[s.name].throughput, noisy.rule);
      expect(q.tolerance).toBe(kDefaultRule.throughputFloor); // 1% noise is inside the 15% floor
      expect(n.tolerance).toBeGreaterThan(q.tolerance);
      expect(n.limitPct).toBeLessThan(q.limitPct);
    }
  });
});

describe('readBaseline', () => {
  const tmp = useTempDir('ci-baseline');

  it('reads back what writeBaseline wrote, leaving no temporary file', async () => {
    const b = buildBaseline(repetitions(5));
    const path = tmp.path('nested', 'baseline.json');
    await writeBaseline(path, b);
    expect(await readBaseline(path)).toEqual(b);
    expect(await readdir(tmp.path('nested'))).toEqual(['baseline.json']);
    expect(JSON.parse(await readFile(path, 'utf8')).rule.text).toBe(b.rule.text);
  });

  it('rejects a malformed baseline in one sentence naming the file', async () => {
    const good = buildBaseline(repetitions(3));
    const pc = good.scenarios['pin-concurrent'];
    const cases: [unknown, RegExp][] = [
      [{ ...good, schemaVersion: 2 }, /has schemaVersion 2/],
      [{ ...good, scenarios: undefined }, /is not a valid baseline: scenarios: expected record/],
      [{ ...good, samples: 0 }, /samples: too small/],
      [{ ...good, scenarios: { ...good.scenarios, 'pin-concurrent': { ...pc, status: 'failed' } } }, /scenarios\.pin-concurrent\.status/],
      [{ ...good, scenarios: { ...good.scenarios, 'pin-concurrent': { ...pc, throughput: { ...pc.throughput, samples: ['1.9M', 1, 2] } } } }, /throughput\.samples\[0\]: expected number/],
      [{ ...good, scenarios: { ...good.scenarios, 'pin-concurrent': { ...pc, throughput: { ...pc.throughput, median: pc.throughput.median * 2 } } } }, /throughput\.median is .* but its samples give/],
      [{ ...good, scenarios: { ...good.scenarios, 'pin-concurrent': { ...pc, pauseP99Us: metric([300, 310], 305, 5) } } }, /pauseP99Us has 2 samples but the baseline says 3/],
    ];
    for (const [i, [data, pattern]] of cases.entries()) {
      const path = await tmp.write(`bad-${i}.json`, data);
      const message = await usageMessage(() => readBaseline(path));
      expect(message).toContain(path);
      expect(message).toMatch(pattern);
    }
    const garbled = await tmp.write('garbled.json', '{ "schemaVersion": 1, ');
    expect(await usageMessage(() => readBaseline(garbled))).toMatch(/^Baseline .*garbled\.json is not valid JSON/);
    expect(await usageMessage(() => readBaseline(tmp.path('none.json')))).toMatch(/^cannot read baseline .*none\.json: the file does not exist\.$/);
  });
});
