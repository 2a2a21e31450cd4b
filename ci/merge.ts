// Merging the results documents of sharded CI jobs (or of repeated runs) into one.
//
// Duplicate rule: two runs with the same scenario, seed and configuration (a retried job whose
// artifacts were both uploaded, overlapping shards, a deliberate repeat) are BOTH kept. A run is
// evidence: dropping the hung repetition of a flaky scenario would let the gate pass on luck.
// mergeNotes() lists each such group and says whether their statuses agree, so the CLI can
// warn; the gate then judges every run, so a disagreeing group fails it.
import { type ResultsDocument, type RunResult, summarize } from '../harness/result.ts';
import { UsageError } from '../harness/usage-error.ts';
import { canonicalJson, compareCodeUnits } from '../reports/canonical.ts';
import { parseShard } from './shard.ts';

export { readResultsFile } from './results-schema.ts';

/** `docs` are valid documents: readResultsFile checks each file as it reads it. */
export function mergeResults(docs: readonly ResultsDocument[]): ResultsDocument {
  if (docs.length === 0) throw new UsageError('merging needs at least one results document.');
  // Tool, host and time come from the newest document, so the merge does not depend on the
  // order the files were named in.
  const newest = docs.reduce((a, b) => (Date.parse(b.createdAt) > Date.parse(a.createdAt) ? b : a));
  const runs = sortRuns(docs.flatMap((d) => d.runs));
  return {
    schemaVersion: newest.schemaVersion,
    tool: newest.tool,
    createdAt: newest.createdAt,
    host: newest.host,
    runs,
    summary: summarize(runs),
  };
}

/** Scenario, then seed, then strategy, then shard; equal runs keep their input order. */
export function sortRuns(runs: readonly RunResult[]): RunResult[] {
  return [...runs].sort(
    (a, b) =>
      compareCodeUnits(a.scenario, b.scenario) ||
      a.seed - b.seed ||
      compareCodeUnits(a.config.strategy, b.config.strategy) ||
      shardOrdinal(a.shard) - shardOrdinal(b.shard) ||
      compareCodeUnits(a.shard ?? '', b.shard ?? ''),
  );
}

function shardOrdinal(shard: string | undefined): number {
  if (shard === undefined) return 0;
  try {
    return parseShard(shard).index;
  } catch {
    return Number.MAX_SAFE_INTEGER; // an unparseable label sorts last, then by its text
  }
}

export interface DuplicateGroup {
  scenario: string;
  seed: number;
  strategy: string;
  statuses: RunResult['status'][];
  shards: string[];
  agree: boolean;
}

/** Groups of runs that share scenario, seed and configuration. */
export function findDuplicates(runs: readonly RunResult[]): DuplicateGroup[] {
  const groups = new Map<string, RunResult[]>();
  for (const r of runs) {
    const key = canonicalJson({ scenario: r.scenario, seed: r.seed, config: r.config });
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [r]);
    else g.push(r);
  }
  return [...groups.values()]
    .filter((g) => g.length > 1)
    .map((g) => ({
      scenario: g[0].scenario,
      seed: g[0].seed,
      strategy: g[0].config.strategy,
      statuses: g.map((r) => r.status),
      shards: g.map((r) => r.shard ?? 'unsharded'),
      agree: g.every((r) => r.status === g[0].status),
    }));
}

/** Warnings about a merged document: no runs at all, duplicates, and shards that contributed no runs. */
export function mergeNotes(doc: ResultsDocument): string[] {
  const notes = findDuplicates(doc.runs).map(
    (g) =>
      `${g.scenario} seed ${g.seed} (${g.strategy}) ran ${g.statuses.length} times (${g.shards.join(', ')}) ` +
      (g.agree ? `and every time ${g.statuses[0]}; all are kept.` : `with differing statuses ${g.statuses.join(', ')}; all are kept and the gate judges each.`),
  );
  const empty = doc.runs.length === 0 ? ['the merged files hold no runs at all: a gate on this document has nothing to judge.'] : [];
  return [...empty, ...notes, ...shardGaps(doc.runs)];
}

function shardGaps(runs: readonly RunResult[]): string[] {
  const seen = new Map<number, Set<number>>(); // count -> indices
  for (const r of runs) {
    if (r.shard === undefined) continue;
    try {
      const s = parseShard(r.shard);
      const set = seen.get(s.count) ?? new Set<number>();
      set.add(s.index);
      seen.set(s.count, set);
    } catch {
      // an unparseable label cannot be checked for gaps
    }
  }
  const notes: string[] = [];
  if (seen.size > 1) notes.push(`Runs come from different shard counts (${[...seen.keys()].join(', ')}), so they may overlap or leave gaps.`);
  for (const [count, indices] of seen) {
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !indices.has(i));
    if (missing.length > 0) notes.push(`No runs from shard ${missing.map((i) => `${i}/${count}`).join(', ')}: a missing artifact, or a shard with nothing to run.`);
  }
  return notes;
}
