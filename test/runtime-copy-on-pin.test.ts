// copy-on-pin: pinned objects move once, into the pin space, and never again; an object that had to
// be pinned in place (the pin space was full) stays where it is for as long as any pin holds.
import { describe, expect, it } from 'vitest';
import { retireTlab } from '../runtime/allocator.ts';
import * as L from '../runtime/layout.ts';
import { majorGc } from '../runtime/major.ts';
import { smallRuntime } from './helpers.ts';

describe('copy-on-pin', () => {
  it('a copy keeps the object\'s size when its pin-space chunk has a few bytes of slack, and the space still parses', () => {
    const { h, m, gc } = smallRuntime({ strategy: 'copy-on-pin', pinSpaceBytes: 4096 });
    // Fill the pin space so that exactly 88 bytes stay free: an 80-byte object then takes the whole
    // chunk (a remainder of 8 bytes cannot be a free chunk of its own).
    const fill = [1000, 1000, 1000, 944].map((n) => m.allocBytes(n));
    for (const f of fill) m.pin(f);
    const hd = m.allocBytes(64);
    const size = h.size(m.addressOf(hd));
    expect(size).toBe(80);
    const a = m.pin(hd);
    expect(h.inPinSpace(a)).toBe(true);
    expect(h.size(a)).toBe(size);
    expect(h.i32[((a + size) >> 2) + L.kObjSize]).toBe(8); // the slack, as a filler
    expect(h.kind(a + size)).toBe(L.kKindFiller);
    m.unpin(hd);
    m.release(hd);
    gc('major'); // sweeps the pin space: the slack after the copy must parse and free with it
    expect(h.i32[(a >> 2) + L.kObjInfo]).toBe(L.kFreeChunkInfo);
    expect(h.size(a)).toBe(88);
    for (const f of fill) m.unpin(f);
  });

  it('copies a pinned object into the pin space once, and the copy never moves', () => {
    const { h, m, gc } = smallRuntime({ strategy: 'copy-on-pin' });
    const hd = m.allocBytes(64);
    m.write(hd, 0, 0x1234);
    const a = m.pin(hd);
    expect(h.inPinSpace(a)).toBe(true);
    gc('minor');
    gc('major');
    expect(m.addressOf(hd)).toBe(a);
    expect(m.readRaw(a, 0)).toBe(0x1234);
    m.unpin(hd);
    expect(m.pin(hd)).toBe(a); // already in the pin space: no second copy
    m.unpin(hd);
  });

  it('does not copy an object that is already pinned in place, when the pin space has room again', () => {
    const { h, m, gc } = smallRuntime({ strategy: 'copy-on-pin', pinSpaceBytes: 8192 });
    const fill: number[] = [];
    let x = -1;
    let xAddr = 0;
    for (let i = 0; i < 64 && x < 0; i++) {
      const hd = m.allocBytes(1000);
      const a = m.pin(hd);
      if (h.inPinSpace(a)) fill.push(hd);
      else { x = hd; xAddr = a; } // the pin space is full: pinned in place, in the nursery
    }
    expect(x).toBeGreaterThanOrEqual(0);
    expect(h.inNursery(xAddr)).toBe(true);
    m.write(x, 0, 0x5a5a);
    for (const hd of fill) { m.unpin(hd); m.release(hd); }
    gc('major'); // sweeps the pin space: room again
    const x2 = m.dup(x);
    expect(m.pin(x2)).toBe(xAddr); // a second pin must not move what the first one holds
    gc('minor'); // the verifier runs at every collection here: no forwarding left on a pinned object
    expect(m.addressOf(x)).toBe(xAddr);
    expect(m.readRaw(xAddr, 0)).toBe(0x5a5a);
    expect(h.f64[h.stat(L.G.allocFailures)]).toBeGreaterThan(0);
    m.unpin(x2);
    m.unpin(x);
    gc('minor');
  });

  it('a major phase that runs before the minor one keeps a pin-space copy that only an old root still reaches', () => {
    const { h, m } = smallRuntime({ strategy: 'copy-on-pin' });
    const hd = m.allocBytes(64);
    m.write(hd, 0, 0x77);
    const other = m.dup(hd); // a second root, still at the nursery copy once hd is pinned
    const a = m.pin(hd);
    m.unpin(hd);
    m.release(hd);
    // The collector runs a major phase first when old space is short; the world is stopped here.
    for (let t = 0; t < h.threads; t++) retireTlab(h, t);
    majorGc(h);
    expect(h.i32[(a >> 2) + L.kObjInfo]).not.toBe(L.kFreeChunkInfo);
    expect(m.addressOf(other)).toBe(a);
    expect(m.readRaw(a, 0)).toBe(0x77);
  });
});
