// The collector-side oracles the harness adds to the heap verifier (harness/common/verify-content.ts):
// kContentIntact, kRefIdentity and kGlobalIdentity fire on their damage, on objects no mutator is
// looking at, and stay quiet on the same heap undamaged. The runtime's own new invariants
// (kHeapParseable, kRetainedBlocksHoldPins, kRemsetComplete) likewise.
import { describe, expect, it } from 'vitest';
import { checkGlobals, checkSealedObject } from '../harness/common/verify-content.ts';
import * as L from '../runtime/layout.ts';
import { verifyHeap } from '../runtime/verify.ts';
import { oracleWorld } from './oracle-fixture.ts';

type World = ReturnType<typeof oracleWorld>;
const invariants = (w: World, afterCollection = false): string[] =>
  [...new Set(verifyHeap(w.h, { afterCollection, extra: { object: checkSealedObject, heap: (h) => checkGlobals(h, w.shadow) } }).map((p) => p.invariant))];

describe('verifier oracles', () => {
  it('kContentIntact: one word of an object nobody holds a handle to', () => {
    for (const damage of [true, false]) {
      const w = oracleWorld();
      const holder = w.ctx.allocRefs(1);
      const child = w.ctx.alloc(40);
      w.ctx.setRef(holder, 0, child);
      const c = w.ctx.address(child);
      w.ctx.release(child);
      w.gc();
      const moved = w.h.i32[L.payloadIndex(w.ctx.address(holder), 0)];
      if (damage) w.h.i32[L.payloadIndex(moved, 9)] ^= 0x100;
      expect(invariants(w)).toEqual(damage ? ['kContentIntact'] : []);
      void c;
    }
  });

  it('kContentIntact in every space: nursery, old space, large-object space, pin space', () => {
    for (const space of ['nursery', 'old', 'los', 'pin-space'] as const) {
      for (const damage of [true, false]) {
        const w = oracleWorld(space === 'pin-space' ? { strategy: 'copy-on-pin' } : {});
        const hd = w.ctx.alloc(space === 'los' ? w.h.losThreshold + 100 : 40);
        if (space === 'old') w.gc();
        if (space === 'pin-space') {
          w.ctx.pin(hd);
          w.gc(); // the nursery original it was copied from is gone
        }
        const a = w.ctx.address(hd);
        expect(w.h.spaceOf(a)).toBe(space);
        if (damage) w.h.i32[L.payloadIndex(a, (w.h.size(a) - L.kObjHeaderBytes) / 4 - 1)] ^= 1; // the last word
        expect(invariants(w)).toEqual(damage ? ['kContentIntact'] : []);
      }
    }
  });

  it('kRefIdentity: a field that points at another intact object', () => {
    for (const damage of [true, false]) {
      const w = oracleWorld();
      const holder = w.ctx.allocRefs(1);
      const child = w.ctx.alloc(40);
      const other = w.ctx.alloc(40);
      w.ctx.setRef(holder, 0, child);
      if (damage) w.h.i32[L.payloadIndex(w.ctx.address(holder), 0)] = w.ctx.address(other);
      expect(invariants(w)).toEqual(damage ? ['kRefIdentity'] : []);
    }
  });

  it('kGlobalIdentity: a global root at another intact object', () => {
    for (const damage of [true, false]) {
      const w = oracleWorld();
      const a = w.ctx.alloc(32);
      const b = w.ctx.alloc(32);
      w.ctx.setGlobal(0, a);
      if (damage) w.h.i32[w.h.globalRootSlot(0)] = w.ctx.address(b);
      expect(invariants(w)).toEqual(damage ? ['kGlobalIdentity'] : []);
    }
  });

  it('kHeapParseable: a zero size stops the walk of its space, reported, not spun on', () => {
    for (const damage of [true, false]) {
      const w = oracleWorld();
      const hd = w.ctx.alloc(32);
      w.ctx.alloc(32);
      if (damage) w.h.i32[(w.ctx.address(hd) >> 2) + L.kObjSize] = 0;
      const found = invariants(w);
      if (damage) expect(found).toContain('kHeapParseable');
      else expect(found).toEqual([]);
    }
  });

  it('kRetainedBlocksHoldPins: a retained nursery block with no pinned object', () => {
    for (const damage of [true, false]) {
      const w = oracleWorld();
      const hd = w.ctx.alloc(32);
      w.ctx.pin(hd);
      w.gc();
      const b = w.h.blockOf(w.ctx.address(hd));
      expect(w.h.i32[w.h.blockWord(b, L.kBlkState)]).toBe(L.kBlockRetained);
      if (damage) w.ctx.unpin(hd); // after the collection: the block is retained for nothing now
      expect(invariants(w, true)).toEqual(damage ? ['kRetainedBlocksHoldPins'] : []);
    }
  });

  it('kRemsetComplete: an old holder of a young reference missing from the remembered set', () => {
    for (const damage of [true, false]) {
      const w = oracleWorld();
      const holder = w.ctx.allocRefs(1);
      w.gc(); // holder is old now
      const child = w.ctx.alloc(32);
      w.ctx.setRef(holder, 0, child); // old -> young, through the barrier
      if (damage) Atomics.store(w.h.i32, L.kRemsetTop, 0);
      expect(invariants(w, true)).toEqual(damage ? ['kRemsetComplete'] : []);
    }
  });
});
