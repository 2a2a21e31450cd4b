// The checks scenarios make of their own (what the harness cannot know about a scenario) fire on
// the damage they exist for. The unpin-underflow probe of ffi-blocking is shown by the fault
// catalog (unbalanced-unpin); here, large-objects' "large objects live in the large-object space".
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../harness/config.ts';
import { executeRun } from '../harness/run.ts';
import { scenario as largeObjects } from '../scenarios/large-objects.ts';

describe('scenario-specific checks', () => {
  it('large-objects: a runtime that puts large objects in the nursery is caught (heapInvalid, large-object-moved)', async () => {
    // A large-object threshold above every object the scenario makes: they all land in the nursery.
    const def = { ...largeObjects, runtime: { ...largeObjects.runtime, losThreshold: 1 << 20 } };
    const r = await executeRun(def, resolveConfig(def.name, def.defaults, { mutators: 1, iterations: 20, blockBytes: 32 * 1024, nurseryBytes: 256 * 1024 }));
    expect(r.status).toBe('failed');
    expect(r.diagnosis?.firstFailure?.outcome).toBe('heapInvalid');
    expect(r.diagnosis?.firstFailure?.detail).toBe('large-object-moved');
  });

  it('large-objects: the same small run with the real threshold passes', async () => {
    const r = await executeRun(largeObjects, resolveConfig(largeObjects.name, largeObjects.defaults, { mutators: 1, iterations: 120, blockBytes: 32 * 1024, nurseryBytes: 256 * 1024 }));
    expect(r.diagnosis?.message ?? null).toBeNull();
    expect(r.status).toBe('passed');
  });
});
