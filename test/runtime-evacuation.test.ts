import { describe, expect, it } from 'vitest';
import { kNullHandle, snapshotStats, verifyHeap } from '../runtime/index.ts';
import * as L from '../runtime/layout.ts';
import { smallRuntime } from './helpers.ts';

describe('minor collection', () => {
  it('fills the nursery and then falls back only after collections', () => {
    const { h, m } = smallRuntime();
    const hd = m.allocBytes(64);
    expect(h.inNursery(m.addressOf(hd))).toBe(true);
    expect(h.size(m.addressOf(hd))).toBe(80);
  });

  it('evacuates reachable objects with their payloads and drops the rest', () => {
    const { h, m, gc } = smallRuntime();
    const keep: number[] = [];
    for (let i = 0; i < 100; i++) {
      const hd = m.allocBytes(32);
      m.write(hd, 0, 1000 + i);
      if (i % 10 === 0) keep.push(hd);
      else m.release(hd);
    }
    const before = keep.map((k) => m.addressOf(k));
    gc();
    keep.forEach((k, i) => {
      const a = m.addressOf(k);
      expect(a).not.toBe(before[i]);
      expect(h.inOld(a)).toBe(true);
      expect(m.read(k, 0)).toBe(1000 + i * 10);
    });
    const s = snapshotStats(h);
    expect(s.minorCollections).toBe(1);
    expect(s.objectsCopied).toBe(10);
    expect(s.bytesCopied).toBe(10 * 48);
  });

  it('preserves a reference graph, including old-to-young pointers made through the barrier', () => {
    const { h, m, gc } = smallRuntime();
    const head = m.allocRefs(2, 8);
    m.write(head, 2, 7);
    gc(); // head is old now
    expect(h.inOld(m.addressOf(head))).toBe(true);
    const young = m.allocRefs(1, 8);
    m.write(young, 1, 42);
    const leaf = m.allocBytes(16);
    m.write(leaf, 0, 99);
    m.setRef(young, 0, leaf);
    m.setRef(head, 0, young);
    expect(h.i32[L.kRemsetTop]).toBe(1);
    m.release(young);
    m.release(leaf);
    gc();
    const y = m.getRef(head, 0);
    expect(y).not.toBe(kNullHandle);
    expect(h.inOld(m.addressOf(y))).toBe(true);
    expect(m.read(y, 1)).toBe(42);
    const l = m.getRef(y, 0);
    expect(m.read(l, 0)).toBe(99);
    expect(verifyHeap(h)).toEqual([]);
  });

  it('poisons freed memory so stale reads show', () => {
    const { h, m, gc } = smallRuntime();
    const hd = m.allocBytes(64);
    const a = m.addressOf(hd);
    m.write(hd, 0, 12345);
    m.release(hd);
    gc();
    expect(h.i32[(a >> 2) + 4]).toBe(L.kPoison);
    expect(h.i32[a >> 2]).toBe(L.kPoison);
  });
});
