// The heap verifier runs on the collector thread; what it finds is a forbidden outcome like any a
// mutator observes: counted in outcomes.heapInvalid and named as the first failure.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../harness/config.ts';
import { executeRun } from '../harness/run.ts';
import type { ScenarioDefinition } from '../harness/common/scenario.ts';

// A stray write through a stale raw pointer: pinned, unpinned, collected (its block freed and
// poisoned), then written through the old address, as buggy native code would (the public API
// has no such write: the program reaches for the runtime's Mutator behind the context). Without
// the write the same program is healthy.
const strayWrite = (write: boolean): ScenarioDefinition => ({
  name: 'stray-write',
  summary: 'a write through a stale pinned address',
  defaults: { mutators: 1, iterations: 1, verifyEvery: 1 },
  module: `data:text/javascript,${encodeURIComponent(`export const scenario = { name: 'stray-write', summary: 'a stray write', program(ctx) {
    const hd = ctx.alloc(64);
    const a = ctx.pin(hd);
    ctx.unpin(hd);
    ctx.release(hd);
    ctx.collect('minor');
    ${write ? 'ctx.m.writeRaw(a, 0, 0x1234);' : ''}
    ctx.collect('minor');
    const keep = ctx.alloc(16);
    ctx.collect('minor');
    ctx.release(keep);
    ctx.progress(0);
  } };`)}`,
  program: () => undefined,
});

describe('verifier outcomes', () => {
  it('a corruption only the collector sees counts as heapInvalid, first failure on the collector', async () => {
    const def = strayWrite(true);
    const r = await executeRun(def, resolveConfig(def.name, def.defaults));
    expect(r.status).toBe('failed');
    expect(r.outcomes.heapInvalid).toBeGreaterThanOrEqual(1);
    expect(r.diagnosis?.firstFailure?.outcome).toBe('heapInvalid');
    expect(r.diagnosis?.firstFailure?.thread).toBe('collector');
    expect(r.diagnosis?.message).toMatch(/poison/i);
  });

  it('the same program without the stray write passes, with every collection verified', async () => {
    const def = strayWrite(false);
    const r = await executeRun(def, resolveConfig(def.name, def.defaults));
    expect(r.status).toBe('passed');
    expect(r.outcomes.heapInvalid).toBe(0);
    expect(r.stats.minorCollections).toBeGreaterThanOrEqual(2);
  });
});
