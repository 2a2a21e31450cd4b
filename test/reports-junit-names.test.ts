// Every junit.xml testcase is unique: GitHub, Jenkins and GitLab reporters merge testcases that
// share classname and name, so three strategies of one seed (compare --out) showed as one.
// A name carries the strategy and every setting in which the scenario's runs differ.
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../harness/result.ts';
import { renderJunit } from '../reports/index.ts';
import { distinctRunLabels } from '../reports/run-labels.ts';
import { config, documentOf, passedRun, strategyRuns } from './fixtures/sample-results.ts';

function testcases(xml: string): { classname: string; name: string }[] {
  return [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"/g)].map((m) => ({ classname: m[1], name: m[2] }));
}

function unique(xml: string): boolean {
  const keys = testcases(xml).map((t) => `${t.classname}\u0000${t.name}`);
  return new Set(keys).size === keys.length;
}

describe('junit.xml testcase names', () => {
  it('name the strategy, so the runs of a strategy comparison stay apart', () => {
    const cases = testcases(renderJunit(documentOf(strategyRuns())));
    expect(cases.map((c) => c.name)).toEqual([
      'pin-pressure seed=11 strategy=in-place',
      'pin-pressure seed=11 strategy=copy-on-pin',
      'pin-pressure seed=11 strategy=gc-locker',
    ]);
  });

  it('name any other setting in which runs of one scenario differ, and only those', () => {
    const base = passedRun();
    const faulty: RunResult = { ...base, config: config({ fault: ['move-pinned'], mutex: 'errorcheck' }) };
    const [a, b] = distinctRunLabels([base, faulty]);
    expect(a).toBe('pin-churn seed=1 strategy=in-place fault=none mutex=normal');
    expect(b).toBe('pin-churn seed=1 strategy=in-place fault=move-pinned mutex=errorcheck');
    const nursery: RunResult = { ...base, config: config({ schedule: { everyAllocs: 100, everyUs: 0, everySafepoint: false } }) };
    expect(distinctRunLabels([base, nursery])[1]).toBe('pin-churn seed=1 strategy=in-place schedule.everyAllocs=100');
  });

  it('tell twins apart by shard, then by number', () => {
    const run = passedRun();
    expect(distinctRunLabels([{ ...run, shard: '1/2' }, { ...run, shard: '2/2' }])).toEqual([
      'pin-churn seed=1 strategy=in-place shard=1/2',
      'pin-churn seed=1 strategy=in-place shard=2/2',
    ]);
    expect(distinctRunLabels([run, run, passedRun()])).toEqual([
      'pin-churn seed=1 strategy=in-place #1',
      'pin-churn seed=1 strategy=in-place #2',
      'pin-churn seed=1 strategy=in-place #3',
    ]);
    expect(unique(renderJunit(documentOf([run, run, ...strategyRuns(), ...strategyRuns()])))).toBe(true);
  });

  it('name the machine the runs ran on, not localhost', () => {
    const doc = documentOf([passedRun()]);
    expect(renderJunit({ ...doc, host: { ...doc.host, hostname: 'ci-runner-7' } })).toContain(' hostname="ci-runner-7"');
    expect(renderJunit(doc)).not.toContain('localhost'); // a document from before hostnames were recorded
  });
});
