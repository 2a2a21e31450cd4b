// A recycled runtime buffer (createRuntime's `recycled`) may be larger than its new layout asks
// for and may have carried another layout before: the new runtime must see none of the old one,
// and the verifier's per-buffer bookkeeping must follow the new layout.
import { describe, expect, it } from 'vitest';
import { Collector, createRuntime, defaultRuntimeOptions, Mutator, type RuntimeOptions } from '../runtime/index.ts';
import { computeLayout, kGcMinor, kGcReasonRequested } from '../runtime/layout.ts';
import { verifyHeap } from '../runtime/verify.ts';

const small: RuntimeOptions = { ...defaultRuntimeOptions(), mutators: 1, nurseryBytes: 64 * 1024, oldBytes: 1 << 20, losBytes: 256 * 1024, pinSpaceBytes: 64 * 1024, verifyEvery: 1 };
const large: RuntimeOptions = { ...small, rootsPerThread: small.rootsPerThread * 2, oldBytes: 4 << 20, losBytes: 1 << 20 };

function collect(h: ReturnType<typeof createRuntime>, m: Mutator): void {
  const tok = m.enterNative();
  const r = new Collector(h, { lockerBudgetMs: 1000 }).collect({ kind: kGcMinor, reason: kGcReasonRequested });
  m.leaveNative(tok);
  if (r.state !== 'collected') throw new Error(`collection did not run: ${r.state}`);
  expect(r.problems.map((p) => p.message)).toEqual([]);
}

describe('a recycled runtime buffer', () => {
  it('takes a smaller layout, then a larger one, each as on a fresh buffer', () => {
    const buf = new SharedArrayBuffer(computeLayout(large).totalBytes + 4096);
    new Int32Array(buf).fill(-1); // whatever an earlier run left
    const h1 = createRuntime(small, () => buf);
    expect(h1.sab).toBe(buf);
    expect(verifyHeap(h1)).toEqual([]);
    const m1 = new Mutator(h1, 0);
    const a = m1.allocRefs(1);
    m1.setRef(a, 0, m1.allocBytes(64));
    collect(h1, m1); // the verifier has stamped this buffer under the small layout

    const h2 = createRuntime(large, () => buf);
    expect(h2.sab).toBe(buf);
    expect(verifyHeap(h2)).toEqual([]);
    const m2 = new Mutator(h2, 0);
    // A large object lies beyond everything the small layout addressed; a young object refers to it.
    const big = m2.allocRefs(1, 8192);
    expect(h2.spaceOf(m2.addressOf(big))).toBe('los');
    expect(m2.addressOf(big)).toBeGreaterThan(computeLayout(small).totalBytes);
    const holder = m2.allocRefs(1);
    m2.setRef(holder, 0, big);
    m2.setRef(big, 0, m2.allocBytes(64));
    collect(h2, m2);
    expect(verifyHeap(h2)).toEqual([]);
  });
});
