// Names that tell the runs of one document apart, for places where a name must be unique on its
// own (a JUnit testcase: GitHub, Jenkins and GitLab merge testcases with equal names): the
// scenario, the seed, the strategy, and every other setting in which runs of the same scenario
// differ. A document of sharded or repeated runs may still hold twins; they get their shard,
// then a number.
import type { RunConfig, RunResult } from '../harness/result.ts';
import { runLabel } from './format.ts';

/** A config as flat name=value pairs in config's own names (schedule.everyAllocs=...). */
function settings(c: RunConfig): Map<string, string> {
  const out = new Map<string, string>();
  const add = (prefix: string, o: object): void => {
    for (const [k, v] of Object.entries(o)) {
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) add(`${prefix}${k}.`, v);
      else out.set(`${prefix}${k}`, Array.isArray(v) ? v.join(',') || 'none' : String(v));
    }
  };
  add('', c);
  return out;
}

// Always named, or named by runLabel already.
const kShown = new Set(['scenario', 'seed', 'strategy']);

export function distinctRunLabels(runs: readonly RunResult[]): string[] {
  const flat = runs.map((r) => settings(r.config));
  // One pass, linear in the runs (a --duration run may hold thousands): per scenario, each
  // setting's first value and how many runs have it; a setting varies if a value differs from the
  // first, or if some run of the scenario lacks it.
  const seen = new Map<string, { runs: number; first: Map<string, string>; count: Map<string, number> }>();
  const varying = new Map<string, Set<string>>(); // scenario -> settings that differ among its runs
  runs.forEach((r, i) => {
    let s = seen.get(r.scenario);
    if (s === undefined) seen.set(r.scenario, (s = { runs: 0, first: new Map(), count: new Map() }));
    const keys = varying.get(r.scenario) ?? new Set<string>();
    varying.set(r.scenario, keys);
    s.runs++;
    for (const [k, v] of flat[i]) {
      if (kShown.has(k)) continue;
      const f = s.first.get(k);
      if (f === undefined) s.first.set(k, v);
      else if (f !== v) keys.add(k);
      s.count.set(k, (s.count.get(k) ?? 0) + 1);
    }
  });
  for (const [scenario, s] of seen) for (const [k, n] of s.count) if (n < s.runs) varying.get(scenario)!.add(k);
  let labels = runs.map((r, i) => {
    const extra = [...(varying.get(r.scenario) ?? [])].sort().map((k) => ` ${k}=${flat[i].get(k)}`);
    return `${runLabel(r)} strategy=${r.config.strategy}${extra.join('')}`;
  });
  const isTwin = twins(labels);
  labels = labels.map((l, i) => (isTwin(l) && runs[i].shard !== undefined ? `${l} shard=${runs[i].shard}` : l));
  return numberTwins(labels);
}

function twins(labels: readonly string[]): (l: string) => boolean {
  const seen = new Map<string, number>();
  for (const l of labels) seen.set(l, (seen.get(l) ?? 0) + 1);
  return (l) => (seen.get(l) ?? 0) > 1;
}

/** Labels made unique: each that occurs more than once gets " #1", " #2", ... in order. */
export function numberTwins(labels: readonly string[]): string[] {
  const isTwin = twins(labels);
  const nth = new Map<string, number>();
  return labels.map((l) => {
    if (!isTwin(l)) return l;
    const k = (nth.get(l) ?? 0) + 1;
    nth.set(l, k);
    return `${l} #${k}`;
  });
}
