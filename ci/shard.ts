// Splitting the scenario x seed matrix across CI jobs. Every job computes its own part from the
// same inputs, with no coordination, so the split must be a pure function of (matrix, i, n):
// sort by a stable key, then deal items round-robin. Every item lands in exactly one shard and
// shard sizes differ by at most one.
import { UsageError } from '../harness/usage-error.ts';
import { compareCodeUnits } from '../reports/canonical.ts';

export interface Shard {
  index: number; // 1-based
  count: number;
}

/** More shards than this is a typo, not a CI matrix. */
export const kMaxShards = 1000;

/** Parses "i/n" (1 <= i <= n). */
export function parseShard(s: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(s);
  if (m === null) throw new UsageError(`shard ${JSON.stringify(s)} must look like i/n, for example 2/3.`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  checkShard(index, count);
  return { index, count };
}

export function formatShard(s: Shard): string {
  return `${s.index}/${s.count}`;
}

function checkShard(index: number, count: number): void {
  if (!Number.isSafeInteger(count) || count < 1 || count > kMaxShards) {
    throw new UsageError(`shard count ${count} must be a whole number from 1 to ${kMaxShards}.`);
  }
  if (!Number.isSafeInteger(index) || index < 1 || index > count) {
    throw new UsageError(`shard index ${index} must be a whole number from 1 to ${count}.`);
  }
}

/**
 * The items of shard `index` of `count`. Keys should be unique (scenarioSeedKey gives that for
 * the matrix); items with equal keys keep their input order, so only then does the result depend
 * on the order of `items`.
 */
export function shardMatrix<T>(items: readonly T[], key: (t: T) => string, index: number, count: number): T[] {
  checkShard(index, count);
  const keyed = items.map((item) => ({ item, k: key(item) }));
  // Every CI job must agree whatever its locale.
  keyed.sort((a, b) => compareCodeUnits(a.k, b.k));
  return keyed.filter((_, pos) => pos % count === index - 1).map((e) => e.item);
}

/** The sort key of one cell of the matrix. */
export function scenarioSeedKey(cell: { scenario: string; seed: number }): string {
  return `${cell.scenario}\u0000${cell.seed}`;
}
