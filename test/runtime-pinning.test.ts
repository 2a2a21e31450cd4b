import { describe, expect, it } from 'vitest';
import { snapshotStats, UnpinUnderflowError, verifyHeap } from '../runtime/index.ts';
import * as L from '../runtime/layout.ts';
import { smallRuntime } from './helpers.ts';

describe('pinning in place', () => {
  it('a pinned object does not move, its block is retained and never allocated over, and it is released once unpinned', () => {
    const { h, m, gc } = smallRuntime();
    const hd = m.allocBytes(64);
    m.write(hd, 0, 0xabc);
    const addr = m.pin(hd);
    const block = h.blockOf(addr);
    gc();
    expect(m.addressOf(hd)).toBe(addr);
    expect(h.i32[h.blockWord(block, L.kBlkState)]).toBe(L.kBlockRetained);
    expect(snapshotStats(h).retainedBlocks).toBe(1);
    // Fill the nursery: no allocation may land in the retained block.
    for (let i = 0; i < 2000; i++) {
      const x = m.allocBytes(64);
      expect(h.blockOf(m.addressOf(x)) === block && h.inNursery(m.addressOf(x))).toBe(false);
      m.release(x);
      if (i % 500 === 499) gc();
    }
    expect(m.readRaw(addr, 0)).toBe(0xabc);
    expect(m.addressOf(hd)).toBe(addr);
    m.unpin(hd);
    gc();
    expect(m.addressOf(hd)).not.toBe(addr);
    expect(m.read(hd, 0)).toBe(0xabc);
    expect(h.i32[h.blockWord(block, L.kBlkState)]).toBe(L.kBlockFree);
  });

  it('pins nest: the object stays until the last unpin', () => {
    const { h, m, gc } = smallRuntime();
    const hd = m.allocBytes(32);
    const a = m.pin(hd);
    expect(m.pin(hd)).toBe(a);
    expect(h.pinCount(a)).toBe(2);
    m.unpin(hd);
    gc();
    expect(m.addressOf(hd)).toBe(a);
    m.unpin(hd);
    gc();
    expect(m.addressOf(hd)).not.toBe(a);
    expect(snapshotStats(h).maxPinDepth).toBe(2);
  });

  it('unpin below zero throws an error naming the object', () => {
    const { m } = smallRuntime();
    const hd = m.allocBytes(16);
    const a = m.addressOf(hd);
    expect(() => m.unpin(hd)).toThrow(UnpinUnderflowError);
    expect(() => m.unpin(hd)).toThrow(new RegExp(`0x${a.toString(16).padStart(6, '0')}.*pin count is 0`));
  });

  it('large objects live outside the nursery and never move', () => {
    const { h, m, gc } = smallRuntime();
    const hd = m.allocBytes(h.losThreshold + 1);
    const a = m.addressOf(hd);
    expect(h.inLos(a)).toBe(true);
    m.write(hd, 0, 77);
    gc();
    gc('major');
    expect(m.addressOf(hd)).toBe(a);
    expect(m.read(hd, 0)).toBe(77);
    m.release(hd);
    gc('major');
    expect(h.i32[(a >> 2) + L.kObjInfo]).toBe(L.kFreeChunkInfo);
  });

  it('major collection compacts old space around pinned objects and updates references', () => {
    const { h, m, gc } = smallRuntime();
    const objs = [0, 1, 2, 3].map((i) => { const x = m.allocRefs(1, 8); m.write(x, 1, 100 + i); return x; });
    m.setRef(objs[3], 0, objs[1]);
    gc();
    const before = objs.map((x) => m.addressOf(x));
    expect(before.every((a) => h.inOld(a))).toBe(true);
    const pinned = m.pin(objs[2]);
    m.release(objs[0]); // a hole below the pinned object
    m.release(objs[1]); // still reachable through objs[3]
    gc('major');
    expect(m.addressOf(objs[2])).toBe(pinned);
    const viaRef = m.getRef(objs[3], 0);
    expect(m.addressOf(viaRef)).toBe(before[0]); // slid into the hole, reference updated
    expect(m.addressOf(objs[3])).toBe(before[3]); // cannot slide past the pinned object
    expect(m.read(viaRef, 1)).toBe(101);
    expect(m.read(objs[3], 1)).toBe(103);
    expect(verifyHeap(h)).toEqual([]);
    m.unpin(objs[2]);
  });
});

describe('the heap verifier', () => {
  it('passes a healthy heap', () => {
    const { h, m, gc } = smallRuntime();
    const a = m.allocRefs(2, 8);
    const b = m.allocBytes(40);
    m.setRef(a, 0, b);
    gc();
    m.setRef(a, 1, m.allocBytes(8));
    expect(verifyHeap(h)).toEqual([]);
  });

  it('reports a hand-corrupted heap: a bad reference, a poisoned header, a scribbled free block', () => {
    const { h, m, gc } = smallRuntime();
    const a = m.allocRefs(1, 8);
    const b = m.allocBytes(40);
    m.setRef(a, 0, b);
    gc();
    const aa = m.addressOf(a);
    h.i32[(aa >> 2) + 4] = m.addressOf(b) + 8; // points inside an object
    expect(verifyHeap(h).map((p) => p.invariant)).toContain('kRefsPointAtObjects');
    h.i32[(aa >> 2) + 4] = m.addressOf(b);
    const free = [...Array(h.nBlocks).keys()].find((k) => h.i32[h.blockWord(k, L.kBlkState)] === L.kBlockFree)!;
    h.i32[h.blockStart(free) >> 2] = 42;
    expect(verifyHeap(h).map((p) => p.invariant)).toContain('kFreedMemoryPoisoned');
    h.i32[h.blockStart(free) >> 2] = L.kPoison;
    h.i32[(m.addressOf(b) >> 2) + L.kObjPin] = -1;
    expect(verifyHeap(h).map((p) => p.invariant)).toContain('kPinCountNonNegative');
  });
});
