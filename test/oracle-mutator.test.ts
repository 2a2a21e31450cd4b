// The mutator-side oracles (harness/worker/context.ts): each fires on the damage it exists for,
// with the class a runtime engineer would give it, and stays quiet on the same heap undamaged.
import { describe, expect, it } from 'vitest';
import * as L from '../runtime/layout.ts';
import { oracleWorld } from './oracle-fixture.ts';

describe('mutator-side oracles', () => {
  it('content: any word of the payload changed (a partial or stale copy) is magicCorrupted', () => {
    for (const damage of [true, false]) {
      const w = oracleWorld();
      const hd = w.ctx.alloc(64);
      const a = w.ctx.address(hd);
      if (damage) w.h.i32[w.word(a, 15)] ^= 1; // the last payload word only
      expect(w.outcomeOf(() => w.ctx.check(hd))).toBe(damage ? 'magicCorrupted/content-mismatch' : null);
    }
  });

  it('identity: a root moved to another intact object is a stale root (wrong object)', () => {
    for (const damage of [true, false]) {
      const w = oracleWorld();
      const hd = w.ctx.alloc(64);
      const other = w.ctx.alloc(64);
      if (damage) w.h.i32[w.h.rootSlot(0, hd)] = w.ctx.address(other);
      expect(w.outcomeOf(() => w.ctx.check(hd))).toBe(damage ? 'staleRoot/wrong-object' : null);
    }
  });

  it('a root at freed (poisoned) memory is a stale root', () => {
    for (const damage of [true, false]) {
      const w = oracleWorld();
      const hd = w.ctx.alloc(32);
      const a = w.ctx.address(hd);
      if (damage) w.h.poison(a, a + 48);
      expect(w.outcomeOf(() => w.ctx.check(hd))).toBe(damage ? 'staleRoot/root-points-at-freed-memory' : null);
    }
  });

  it('a pinned object that moved intact is movedWhilePinned; one whose memory was reused is magicCorrupted', () => {
    for (const damage of ['moved', 'reused', null] as const) {
      const w = oracleWorld();
      const hd = w.ctx.alloc(64);
      const a = w.ctx.pin(hd);
      if (damage === 'moved') {
        const b = w.ctx.address(w.ctx.alloc(64));
        w.h.i32.copyWithin(b >> 2, a >> 2, (a + 80) >> 2);
        w.h.i32[w.h.rootSlot(0, hd)] = b;
      }
      if (damage === 'reused') w.h.i32.fill(0, a >> 2, (a + 80) >> 2);
      expect(w.outcomeOf(() => w.ctx.check(hd))).toBe(
        damage === 'moved' ? 'movedWhilePinned/root-no-longer-at-pinned-address' : damage === 'reused' ? 'magicCorrupted/content-mismatch' : null);
    }
  });

  it('references: a field at another object, at freed memory, or non-null where null was stored, is heapInvalid', () => {
    for (const damage of ['other', 'freed', 'null-was-stored', null] as const) {
      const w = oracleWorld();
      const holder = w.ctx.allocRefs(2);
      const child = w.ctx.alloc(32);
      w.ctx.setRef(holder, 0, child);
      const h0 = w.ctx.address(holder);
      const c = w.ctx.address(child);
      const stranger = w.ctx.address(w.ctx.alloc(32));
      w.ctx.release(child); // the holder's field is the only way to it now
      if (damage === 'other') w.h.i32[L.payloadIndex(h0, 0)] = stranger;
      if (damage === 'freed') w.h.poison(c, c + 48);
      if (damage === 'null-was-stored') w.h.i32[L.payloadIndex(h0, 1)] = stranger;
      const want = { other: 'heapInvalid/wrong-object', freed: 'heapInvalid/reference-lost', 'null-was-stored': 'heapInvalid/wrong-object' };
      expect(w.outcomeOf(() => w.ctx.check(holder))).toBe(damage ? want[damage] : null);
    }
  });

  it('globals: a global root pointed at another intact object is caught when read', () => {
    for (const damage of [true, false]) {
      const w = oracleWorld();
      const a = w.ctx.alloc(32);
      const b = w.ctx.alloc(32);
      w.ctx.setGlobal(3, a); // the last global slot
      if (damage) w.h.i32[w.h.globalRootSlot(3)] = w.ctx.address(b);
      expect(w.outcomeOf(() => w.ctx.getGlobal(3))).toBe(damage ? 'staleRoot/wrong-object' : null);
    }
  });

  it('after a collection every object is checked, those only a pin holds too (through their address)', () => {
    for (const damage of [true, false]) {
      const w = oracleWorld();
      const hd = w.ctx.alloc(64);
      const a = w.ctx.pin(hd);
      w.ctx.release(hd); // only the pin holds it now
      if (damage) w.h.poison(a, a + 80);
      w.afterCollection();
      expect(w.outcomeOf(() => w.ctx.safepoint())).toBe(damage ? 'magicCorrupted/pinned-object-reclaimed' : null);
    }
  });

  it('kReadBarrierCurrent: under copy-on-pin, a handle read without the read barrier reaches the old copy, a stale root', () => {
    for (const damage of [true, false]) {
      const w = oracleWorld({ strategy: 'copy-on-pin' });
      const hd = w.ctx.alloc(64);
      const other = w.ctx.dup(hd); // another root, still at the nursery copy once hd is pinned
      w.ctx.pin(hd);
      if (damage) w.m.addressOf = (h: number) => w.h.i32[w.h.rootSlot(0, h)]; // no read barrier
      expect(w.outcomeOf(() => w.ctx.check(other))).toBe(damage ? 'staleRoot/root-points-at-forwarded-object' : null);
    }
  });

  it('under copy-on-pin a damaged root or field is judged, not followed: the read barrier stops at what is no object', () => {
    for (const damage of ['root-poison', 'root-free-chunk', 'field-poison', null] as const) {
      const w = oracleWorld({ strategy: 'copy-on-pin' });
      const holder = w.ctx.allocRefs(1);
      const child = w.ctx.alloc(32);
      w.ctx.setRef(holder, 0, child);
      w.ctx.release(child);
      if (damage === 'root-poison') w.h.i32[w.h.rootSlot(0, holder)] = L.kPoison;
      if (damage === 'root-free-chunk') w.h.i32[w.h.rootSlot(0, holder)] = w.h.layout.los; // the large-object space starts as one free chunk
      if (damage === 'field-poison') w.h.i32[w.word(w.ctx.address(holder), 0)] = L.kPoison;
      expect(w.outcomeOf(() => w.ctx.check(holder))).toBe({
        'root-poison': 'staleRoot/root-points-outside-the-heap',
        'root-free-chunk': 'staleRoot/root-points-at-freed-memory',
        'field-poison': 'heapInvalid/reference-lost',
        none: null,
      }[damage ?? 'none']);
    }
  });

  it('a thread back in managed code while a collection is under way is heapInvalid', () => {
    for (const damage of [true, false]) {
      const w = oracleWorld();
      if (damage) Atomics.store(w.h.i32, L.kCollecting, 1);
      expect(w.outcomeOf(() => w.ctx.callNative(0))).toBe(damage ? 'heapInvalid/managed-code-ran-during-collection' : null);
    }
  });

  it('grading: a pinned object checked after a collection counts as exercised, an unpinned one as ok', () => {
    const w = oracleWorld();
    const pinned = w.ctx.alloc(32);
    w.ctx.pin(pinned);
    w.ctx.alloc(32);
    w.afterCollection();
    w.ctx.safepoint();
    const row = (k: number): number => w.run.f64[w.run.outcome(0, k)];
    expect([row(L.kOutcomePinExercised), row(L.kOutcomeOk)]).toEqual([1, 1]);
  });
});
