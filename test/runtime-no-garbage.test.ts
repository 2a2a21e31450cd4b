// kNoGarbageAfterFull (runtime/verify.ts): right after a full collection nothing unreachable is left
// outside the nursery, in old space, the large-object space or the pin space. The verifier finds a
// leak with its own walk from the roots, pins and kept nursery objects.
import { describe, expect, it } from 'vitest';
import { verifyHeap } from '../runtime/verify.ts';
import { smallRuntime } from './helpers.ts';

const full = { afterCollection: true, afterFullCollection: true } as const;

describe('no garbage after a full collection', () => {
  it('reachable, referenced and pinned-only objects in every mature space pass', () => {
    const { h, m, gc } = smallRuntime();
    const holder = m.allocRefs(1, 8);
    m.setRef(holder, 0, m.allocBytes(40));
    m.setGlobal(0, m.allocBytes(40));
    const big = m.allocBytes(h.losThreshold + 100);
    const pinnedOnly = m.allocBytes(h.losThreshold + 200);
    m.pin(pinnedOnly);
    m.release(pinnedOnly);
    gc();
    gc('major');
    expect(m.addressOf(big)).toBeGreaterThan(0);
    expect(verifyHeap(h, full)).toEqual([]);
  });

  for (const space of ['old', 'los'] as const) {
    it(`an unreachable object left in space ${space} is named; the same heap is quiet once it is collected`, () => {
      const { h, m, gc } = smallRuntime({ verifyEvery: 0 });
      const hd = space === 'old' ? m.allocBytes(40) : m.allocBytes(h.losThreshold + 100);
      if (space === 'old') gc(); // promoted
      const a = m.addressOf(hd);
      expect(h.spaceOf(a)).toBe(space);
      m.release(hd); // garbage that a full collection must free
      const problems = verifyHeap(h, full);
      expect(problems.map((p) => p.invariant)).toEqual(['kNoGarbageAfterFull']);
      expect(problems[0].address).toBe(a);
      gc('major');
      expect(verifyHeap(h, full)).toEqual([]);
    });
  }
});
