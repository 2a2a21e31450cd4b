// One collection may run two major phases (old space too short for the nursery's survivors before
// the minor phase, and still short after it). It is one collection: majorCollections counts it
// once, majorPhases counts both, and the event's figures add up both phases.
import { describe, expect, it } from 'vitest';
import * as L from '../runtime/layout.ts';
import { snapshotStats } from '../runtime/stats.ts';
import { smallRuntime } from './helpers.ts';

describe('major phases within one collection', () => {
  it('two major phases: one major collection, both phases counted', () => {
    const { h, m, c } = smallRuntime({ oldBytes: 96 * 1024 });
    const keep = (n: number): void => { for (let i = 0; i < n; i++) m.allocBytes(1000); };
    const collect = (kind: L.GcKind) => {
      const tok = m.enterNative();
      const r = c.collect({ kind, reason: L.kGcReasonRequested });
      m.leaveNative(tok);
      if (r.state !== 'collected') throw new Error(r.state);
      expect(r.problems).toEqual([]);
      return r.event;
    };
    keep(45);
    collect(L.kGcMinor); // ~45 KiB promoted: old space has ~50 KiB left
    keep(45);
    const before = snapshotStats(h);
    const e = collect(L.kGcMajor); // too short before the minor phase, and again after it
    const after = snapshotStats(h);
    expect(e.kind).toBe(L.kGcMajor);
    expect(after.majorCollections - before.majorCollections).toBe(1);
    expect(after.majorPhases - before.majorPhases).toBe(2);
    expect(after.minorCollections - before.minorCollections).toBe(0);
  });

  it('a requested major with room to spare runs one major phase', () => {
    const { h, m, c } = smallRuntime();
    m.allocBytes(1000);
    const tok = m.enterNative();
    c.collect({ kind: L.kGcMajor, reason: L.kGcReasonRequested });
    m.leaveNative(tok);
    const s = snapshotStats(h);
    expect([s.majorCollections, s.majorPhases, s.minorCollections]).toEqual([1, 1, 0]);
  });
});
