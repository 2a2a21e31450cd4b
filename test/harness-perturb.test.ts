// Schedule perturbation reaches inside the runtime: with a perturbing mode, every thread state
// change (setState) passes through the perturber first, where a check and a publish race; with
// --perturb none the runtime's hook stays unset and costs one null test.
import { describe, expect, it } from 'vitest';
import { GlobalShadow, globalShadowBytes } from '../harness/common/global-shadow.ts';
import { RunMemory } from '../harness/common/run-memory.ts';
import { Rng } from '../harness/common/seed.ts';
import { resolveConfig } from '../harness/config.ts';
import { ScenarioContext } from '../harness/worker/context.ts';
import { smallRuntime } from './helpers.ts';

function contextWith(perturb: 'none' | 'jitter' | 'priority') {
  const rt = smallRuntime();
  const ctx = new ScenarioContext(rt.m, resolveConfig('perturb', { mutators: 1, perturb }), new Rng(1),
    new GlobalShadow(new SharedArrayBuffer(globalShadowBytes(rt.h.globalRoots))), RunMemory.create(rt.h.threads));
  return { ...rt, ctx };
}

describe('perturbation at state changes', () => {
  it('a perturbing mode hooks every state change; none leaves the hook unset', () => {
    for (const mode of ['none', 'jitter', 'priority'] as const) {
      const w = contextWith(mode);
      let calls = 0;
      if (mode === 'none') expect(w.h.perturb).toBeNull();
      else {
        const inner = w.h.perturb!;
        w.h.perturb = () => { calls++; inner(); };
      }
      w.ctx.callNative(0); // managed -> native -> managed: two state changes
      expect(calls).toBe(mode === 'none' ? 0 : 2);
    }
  });
});
