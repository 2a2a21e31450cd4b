// kPinsBalanceAtExit (harness/common/verify-content.ts): when every program has returned, the heap's
// pin counts add up to the pins the programs still held. It fires on a pin the runtime never undid
// and on a negative count, in any space, and stays quiet when pins are held on purpose to the end.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../harness/config.ts';
import { checkPinBalance } from '../harness/common/verify-content.ts';
import { executeRun } from '../harness/run.ts';
import type { ScenarioDefinition } from '../harness/common/scenario.ts';
import * as L from '../runtime/layout.ts';
import { oracleWorld } from './oracle-fixture.ts';

describe('pin balance at the end of a run', () => {
  it('a pin the runtime took without the context (an unpin it lost) unbalances the books; pins held on purpose do not', () => {
    for (const leak of [true, false]) {
      const w = oracleWorld();
      const held = w.ctx.alloc(64);
      w.ctx.pin(held);
      w.ctx.pin(held); // nested: counts twice
      const other = w.ctx.alloc(64);
      w.ctx.pin(other);
      w.ctx.unpin(other);
      if (leak) w.m.pin(other);
      const problems = checkPinBalance(w.h, w.ctx.pinsHeld());
      expect(w.ctx.pinsHeld()).toBe(2);
      expect(problems.map((p) => p.invariant)).toEqual(leak ? ['kPinsBalanceAtExit'] : []);
      if (leak) expect(problems[0].message).toMatch(/add up to 3, but the mutators held 2 pins/);
    }
  });

  it('a negative pin count anywhere is named with its object', () => {
    const w = oracleWorld();
    const hd = w.ctx.alloc(64);
    const a = w.ctx.address(hd);
    w.h.i32[(a >> 2) + L.kObjPin] = -1;
    const problems = checkPinBalance(w.h, 0);
    expect(problems).toHaveLength(1);
    expect(problems[0].address).toBe(a);
    expect(problems[0].message).toMatch(/pin count -1/);
  });

  it('a whole run: the lost unpin fails the run as heapInvalid, pin-count-unbalanced; the balanced twin passes', async () => {
    const mod = (await import(new URL('./fixtures/leaky-pin.mjs', import.meta.url).href)) as { leaky: ScenarioDefinition; balanced: ScenarioDefinition };
    for (const def of [mod.leaky, mod.balanced]) {
      const r = await executeRun(def, resolveConfig(def.name, def.defaults, { seed: 3 }));
      if (def === mod.leaky) {
        expect(r.status).toBe('failed');
        expect(r.diagnosis?.firstFailure?.outcome).toBe('heapInvalid');
        expect(r.diagnosis?.firstFailure?.detail).toBe('pin-count-unbalanced');
      } else {
        expect(r.diagnosis?.message ?? null).toBeNull();
        expect(r.status).toBe('passed');
      }
    }
  });
});
