// What the harness calls a live object (runtime/walk.ts isLiveObjectAt). Under copy-on-pin an old
// copy that another thread just forwarded into the pin space is still live (the read barrier
// follows it); under in-place a forwarded header outside a collection is a stale root.
import { describe, expect, it } from 'vitest';
import { staleRootDetail } from '../harness/worker/context.ts';
import * as L from '../runtime/layout.ts';
import { isLiveObjectAt } from '../runtime/walk.ts';
import { smallRuntime } from './helpers.ts';

describe('isLiveObjectAt', () => {
  it('copy-on-pin: the old copy of an object pinned (copied) by someone else is live', () => {
    const { h, m } = smallRuntime({ strategy: 'copy-on-pin' });
    const hd = m.allocBytes(32);
    const old = m.addressOf(hd);
    const other = m.dup(hd);
    const copy = m.pin(other); // copies into the pin space and forwards `old`
    expect(copy).not.toBe(old);
    expect(h.i32[(old >> 2) + L.kObjInfo] & L.kFlagForwarded).not.toBe(0);
    expect(isLiveObjectAt(h, old)).toBe(true);
    expect(m.addressOf(hd)).toBe(copy); // and the read barrier follows it
    m.unpin(other);
  });

  it('in-place: a forwarded header outside a collection is not live', () => {
    const { h, m } = smallRuntime();
    const a = m.addressOf(m.allocBytes(32));
    expect(isLiveObjectAt(h, a)).toBe(true);
    h.i32[(a >> 2) + L.kObjInfo] |= L.kFlagForwarded;
    expect(isLiveObjectAt(h, a)).toBe(false);
    expect(staleRootDetail(h, a)).toBe('root-points-at-forwarded-object');
  });

  it('poison, fillers, misaligned and outside addresses are not live objects', () => {
    const { h, m } = smallRuntime();
    const a = m.addressOf(m.allocBytes(32));
    expect(isLiveObjectAt(h, a + 4)).toBe(false);
    expect(isLiveObjectAt(h, 0)).toBe(false);
    expect(isLiveObjectAt(h, h.layout.pinSpaceEnd + 64)).toBe(false);
    h.i32[(a >> 2) + L.kObjSize] = L.kPoison;
    expect(isLiveObjectAt(h, a)).toBe(false);
    expect(staleRootDetail(h, a)).toBe('root-points-at-freed-memory');
  });
});
