// Each scenario passes fault-free at small sizes, with its assertions on statistics satisfied.
import { describe, expect, it } from 'vitest';
import { runScenario, SCENARIOS } from '../index.ts';
import { sharedPools } from './shared-pools.ts';

const pools = sharedPools();

const small: Record<string, { mutators: number; iterations: number }> = {
  'pin-concurrent': { mutators: 2, iterations: 1500 },
  'pin-gc-pressure': { mutators: 2, iterations: 1000 },
  'deadlock-regression': { mutators: 2, iterations: 1000 },
  'ffi-blocking': { mutators: 2, iterations: 300 },
  'pin-nesting': { mutators: 3, iterations: 800 },
  'graph-survival': { mutators: 2, iterations: 700 },
  'large-objects': { mutators: 2, iterations: 200 },
  fragmentation: { mutators: 2, iterations: 800 },
  'native-calls': { mutators: 2, iterations: 80 },
  'pin-spaces': { mutators: 2, iterations: 600 },
  'promoted-holders': { mutators: 2, iterations: 500 },
};

describe('scenarios, fault-free', () => {
  it('every scenario has a small configuration here', () => {
    expect(Object.keys(small).sort()).toEqual([...SCENARIOS.keys()].sort());
  });
  for (const name of SCENARIOS.keys()) {
    it(`${name} passes`, async () => {
      const r = await runScenario({ scenario: name, seed: 7, ...small[name] }, { pools });
      expect(r.diagnosis?.message ?? null).toBeNull();
      expect(r.status).toBe('passed');
      expect(r.assertions.length).toBeGreaterThan(0);
      expect(r.assertions.every((a) => a.passed)).toBe(true);
    });
  }
});
