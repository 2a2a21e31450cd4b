import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatShard, parseShard, scenarioSeedKey, shardMatrix } from '../ci/shard.ts';
import { usageMessage } from './fixtures/ci-usage.ts';

const cell = fc.record({ scenario: fc.constantFrom('pin-concurrent', 'deadlock-regression', 'pin-nested', 'large-object'), seed: fc.integer({ min: 0, max: 10_000 }) });
const matrix = fc.uniqueArray(cell, { selector: scenarioSeedKey, maxLength: 60 });
const shards = (items: { scenario: string; seed: number }[], count: number) =>
  Array.from({ length: count }, (_, i) => shardMatrix(items, scenarioSeedKey, i + 1, count));

describe('parseShard', () => {
  it('reads i/n', () => {
    expect(parseShard('1/3')).toEqual({ index: 1, count: 3 });
    expect(parseShard('3/3')).toEqual({ index: 3, count: 3 });
    expect(parseShard(' 2 / 5 ')).toEqual({ index: 2, count: 5 });
    expect(formatShard(parseShard('7/12'))).toBe('7/12');
  });

  it.each(['0/3', '4/3', '1/0', '-1/3', '1.5/3', 'a/b', '3', '', '1/3/5', '1/1001'])('rejects %j in one sentence', async (bad) => {
    const message = await usageMessage(() => parseShard(bad));
    expect(message).toMatch(/[Ss]hard/);
  });
});

describe('shardMatrix', () => {
  it('puts every cell of the matrix in exactly one shard', () => {
    fc.assert(
      fc.property(matrix, fc.integer({ min: 1, max: 8 }), (items, count) => {
        const parts = shards(items, count);
        const all = parts.flat().map(scenarioSeedKey);
        expect(new Set(all).size).toBe(all.length); // pairwise disjoint
        expect([...all].sort()).toEqual(items.map(scenarioSeedKey).sort()); // union is the matrix
      }),
    );
  });

  it('makes shards that differ in size by at most one', () => {
    fc.assert(
      fc.property(matrix, fc.integer({ min: 1, max: 8 }), (items, count) => {
        const sizes = shards(items, count).map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('is deterministic whatever order the matrix is listed in', () => {
    const listings = matrix.chain((items) => fc.tuple(fc.constant(items), fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length })));
    fc.assert(
      fc.property(listings, fc.integer({ min: 1, max: 8 }), fc.nat(), ([items, shuffled], count, pick) => {
        const index = (pick % count) + 1;
        expect(shardMatrix(shuffled, scenarioSeedKey, index, count)).toEqual(shardMatrix(items, scenarioSeedKey, index, count));
      }),
    );
  });

  it('rejects an impossible shard', async () => {
    await usageMessage(() => shardMatrix([1, 2], String, 3, 2));
  });
});
