// Shared test helpers: a small single-threaded runtime where the test thread is mutator 0 and
// collects while "in native" (a safe state), so collections run without other threads.
import { kGcMajor, kGcMinor, kGcReasonRequested } from '../runtime/layout.ts';
import { Collector, createRuntime, defaultRuntimeOptions, type Heap, Mutator, type RuntimeOptions } from '../runtime/index.ts';

export function smallRuntime(over: Partial<RuntimeOptions> = {}): { h: Heap; m: Mutator; c: Collector; gc: (kind?: 'minor' | 'major') => void } {
  const h = createRuntime({ ...defaultRuntimeOptions(), mutators: 1, nurseryBytes: 64 * 1024, blockBytes: 4096, oldBytes: 1 << 20, verifyEvery: 1, ...over });
  const m = new Mutator(h, 0);
  const c = new Collector(h, { lockerBudgetMs: 1000 });
  const gc = (kind: 'minor' | 'major' = 'minor'): void => {
    const tok = m.enterNative();
    const r = c.collect({ kind: kind === 'major' ? kGcMajor : kGcMinor, reason: kGcReasonRequested });
    m.leaveNative(tok);
    if (r.state !== 'collected') throw new Error(`collection did not run: ${r.state}`);
    if (r.problems.length > 0) throw new Error(`heap invalid: ${r.problems.map((p) => p.message).join('; ')}`);
  };
  return { h, m, c, gc };
}
