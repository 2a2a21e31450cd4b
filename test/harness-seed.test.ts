// One seed drives everything: the same seed gives the same configuration and the same repro line.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../harness/config.ts';
import { deriveSeed, Rng } from '../harness/common/seed.ts';
import { runScenario, SCENARIOS } from '../index.ts';

describe('seeds', () => {
  it('resolve to the same configuration and per-thread seeds', () => {
    const def = SCENARIOS.get('pin-nesting')!;
    const a = resolveConfig(def.name, def.defaults, { seed: 42, perturb: 'jitter' });
    const b = resolveConfig(def.name, def.defaults, { seed: 42, perturb: 'jitter' });
    expect(a).toEqual(b);
    const threads = (s: number): number[] => [0, 1, 2, 3].map((t) => deriveSeed(s, t));
    expect(threads(42)).toEqual(threads(42));
    expect(new Set(threads(42)).size).toBe(4);
    expect(threads(43)).not.toEqual(threads(42));
    const draws = (s: number): number[] => { const r = new Rng(s); return [...Array(8)].map(() => r.int(0, 1 << 20)); };
    expect(draws(5)).toEqual(draws(5));
    expect(draws(5)).not.toEqual(draws(6));
  });

  it('give the same repro line, which carries every schedule-shaping setting', async () => {
    const cfg = { scenario: 'pin-gc-pressure', mutators: 2, iterations: 300, seed: 99, perturb: 'yield' as const, schedule: { everyAllocs: 100 } };
    const r1 = await runScenario(cfg);
    const r2 = await runScenario(cfg);
    expect(r1.repro).toBe(r2.repro);
    expect(r1.config).toEqual(r2.config);
    expect(r1.repro).toBe('npx pinstress run pin-gc-pressure --seed 99 --mutators 2 --iterations 300 --nursery 64KiB --perturb yield --gc-every-allocs 100');
  });
});
