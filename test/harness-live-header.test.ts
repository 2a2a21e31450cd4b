// What the scenarios call a live object. Under copy-on-pin an old copy that another thread just
// forwarded into the pin space is still live (the read barrier follows it); under in-place a
// forwarded header outside a collection is a stale root.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../harness/config.ts';
import { Rng } from '../harness/seed.ts';
import { MutatorContext } from '../harness/worker/context.ts';
import * as L from '../runtime/layout.ts';
import { smallRuntime } from './helpers.ts';

describe('liveHeader', () => {
  it('copy-on-pin: the old copy of an object pinned (copied) by someone else is live', () => {
    const { h, m } = smallRuntime({ strategy: 'copy-on-pin' });
    const ctx = new MutatorContext(m, resolveConfig('pin-nesting', {}), new Rng(1));
    const hd = m.allocBytes(32);
    const old = m.addressOf(hd);
    const other = m.dup(hd);
    const copy = m.pin(other); // copies into the pin space and forwards `old`
    expect(copy).not.toBe(old);
    expect(h.i32[(old >> 2) + L.kObjInfo] & L.kFlagForwarded).not.toBe(0);
    expect(ctx.liveHeader(old)).toBe(true);
    expect(m.addressOf(hd)).toBe(copy); // and the read barrier follows it
    m.unpin(other);
  });

  it('in-place: a forwarded header outside a collection is not live', () => {
    const { h, m } = smallRuntime();
    const ctx = new MutatorContext(m, resolveConfig('pin-nesting', {}), new Rng(1));
    const a = m.addressOf(m.allocBytes(32));
    expect(ctx.liveHeader(a)).toBe(true);
    h.i32[(a >> 2) + L.kObjInfo] |= L.kFlagForwarded;
    expect(ctx.liveHeader(a)).toBe(false);
    expect(ctx.staleRootDetail(a)).toBe('root-points-at-forwarded-object');
  });
});
