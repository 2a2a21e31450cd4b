// The fault catalog: each fault, switched on, is caught with the expected status and class; with
// it off, the same configuration passes. Hang faults use a short watchdog budget to stay fast.
import { describe, expect, it } from 'vitest';
import { caughtAsExpected, classOf, expectedClass, runFaultEntry } from '../harness/selftest.ts';
import { FAULT_NAMES } from '../runtime/faults.ts';
import { FAULT_CATALOG } from '../scenarios/fault-catalog.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import { resolveConfig } from '../harness/config.ts';
import { executeRun } from '../harness/run.ts';
import { sharedPools } from './shared-pools.ts';

const pools = sharedPools();
// Probabilistic faults get a few schedules (a lost wake-up needs a waiter already asleep when the
// lock is released: once in a CI run, three seeds of pin-concurrent never had one). Seeds after
// the first run only while the fault has not been caught, so a caught fault costs one run.
const kSeeds = 6;

describe('fault catalog', () => {
  it('covers every fault in the runtime table exactly once', () => {
    expect(FAULT_CATALOG.map((e) => e.fault).sort()).toEqual([...FAULT_NAMES].sort());
  });

  for (const e of FAULT_CATALOG) {
    describe(e.fault, () => {
      it(`is caught on ${e.scenario} as ${expectedClass(e)}`, async () => {
        let r = await runFaultEntry(SCENARIOS, e, 1, { watchdogMs: 600 }, { pools });
        for (let s = 2; s <= kSeeds && r.status === 'passed'; s++) r = await runFaultEntry(SCENARIOS, e, s, { watchdogMs: 600 }, { pools });
        expect(caughtAsExpected(r, e), `${classOf(r)}: ${r.diagnosis?.message}`).toBe(true);
        expect(r.diagnosis?.message.length).toBeGreaterThan(20);
      });
      it('is quiet when off: the same configuration passes', async () => {
        const def = SCENARIOS.get(e.scenario)!;
        const r = await executeRun(def, resolveConfig(def.name, def.defaults, e.overrides, { seed: 1, watchdogMs: 600 }), { pools });
        expect(r.diagnosis?.message ?? null).toBeNull();
        expect(r.status).toBe('passed');
      });
    });
  }
});
