// The layout's placement rules hold: a word group planned on a line of its own shares that line
// with no other group, groups never overlap, and the regions are sized from their counts.
import { describe, expect, it } from 'vitest';
import * as L from '../runtime/layout.ts';

describe('shared-memory layout', () => {
  it('no two control-block groups overlap, and an own-line group shares its lines with nothing', () => {
    const owner = new Map<number, number>(); // word -> group index
    L.CONTROL_GROUPS.forEach((g, i) => {
      for (let w = g.first; w < g.end; w++) {
        expect(owner.has(w)).toBe(false);
        owner.set(w, i);
      }
    });
    L.CONTROL_GROUPS.forEach((g, i) => {
      if (!g.ownLine) return;
      const lineFrom = Math.floor(g.first / L.kLineWords) * L.kLineWords;
      const lineTo = Math.ceil(g.end / L.kLineWords) * L.kLineWords;
      for (let w = lineFrom; w < lineTo; w++) if (owner.has(w)) expect(owner.get(w)).toBe(i);
    });
    expect(Math.max(...L.CONTROL_GROUPS.map((g) => g.end))).toBeLessThanOrEqual(L.kCtrlWords);
  });

  it('the hot words the protocol spins on each sit on a line of their own', () => {
    for (const w of [L.kGcMutex, L.kSafepointRequest, L.kEpoch, L.kSafeSeq, L.kDoorbell, L.kAbort, L.kActivePins, L.kRemsetTop]) {
      expect(L.CONTROL_GROUPS.find((g) => g.first === w)?.ownLine).toBe(true);
    }
  });

  it('regions follow from their counts, each thread statistics row on its own line', () => {
    const p = { mutators: 3, nurseryBytes: 64 * 1024, blockBytes: 4096, oldBytes: 1 << 20, losBytes: 1 << 20, pinSpaceBytes: 1 << 16, rootsPerThread: 32, globalRoots: 8 };
    const a = L.computeLayout(p);
    expect(a.threads).toBe(4);
    expect(a.trailsAt - a.threadsAt).toBe(4 * L.kThreadWords);
    expect(a.globalRootsAt - a.rootsAt).toBe(4 * 32);
    expect(a.nurseryEnd - a.nursery).toBe(p.nurseryBytes);
    expect((a.threadStatsAt * 8) % 64).toBe(0);
    expect((L.kThreadStatStride * 8) % 64).toBe(0);
    expect(L.kThreadStatStride).toBeGreaterThanOrEqual(L.kThreadStatSlots);
    const b = L.computeLayout({ ...p, mutators: 4, globalRoots: 16 });
    expect(b.nursery - a.nursery).toBeGreaterThan(0);
  });
});
