// The collector's incremental poison checks: what a major collection freed is checked at the next
// verification; a stray write anywhere else in free old space is found by the rolling window.
import { describe, expect, it } from 'vitest';
import * as L from '../runtime/layout.ts';
import { kSweepWindows } from '../runtime/verify.ts';
import { smallRuntime } from './helpers.ts';

const scribble = (h: ReturnType<typeof smallRuntime>['h'], a: number): void => { h.i32[a >> 2] = 42; };

describe('incremental poison checks', () => {
  it('checks the memory a compaction freed at the next verification', () => {
    const { h, m, gc } = smallRuntime({ verifyEvery: 2 });
    const hs = Array.from({ length: 40 }, () => m.allocBytes(200));
    gc(); // 1: promotes them all
    gc(); // 2: verified (the first verification checks all of old space)
    gc();
    gc(); // 4: verified; the rolling window checked the start of old space and moved past it
    const top = h.i32[L.kOldTop];
    for (const hd of hs) m.release(hd);
    gc('major'); // 5, not verified: the old top falls back; [newTop, top) is freed and poisoned
    expect(h.i32[L.kOldTop]).toBeLessThan(top);
    scribble(h, top - 64); // a stale write into what the compaction freed
    expect(() => gc()).toThrow(/above the top overwritten/); // 6: verified
  });

  it('finds a stray write into long-free old space within one sweep of the rolling window', () => {
    const { h, gc } = smallRuntime();
    gc(); // the first verification checks all of old space
    scribble(h, h.layout.oldEnd - 1024); // far from anything a collection touches
    let caught = -1;
    for (let k = 0; k < kSweepWindows + 1 && caught < 0; k++) {
      try { gc(); } catch (e) {
        expect(String(e)).toMatch(/above the top overwritten/);
        caught = k;
      }
    }
    expect(caught).toBeGreaterThanOrEqual(0);
  });
});
