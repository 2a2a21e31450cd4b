// A collection that cannot go on (kHeapParseable broken in the nursery) throws at once instead of
// spinning with the world stopped, and leaves the runtime as kNoRestartAfterFailedCollection says:
// the world still stopped, gc_mutex released, kCollecting clear.
import { describe, expect, it } from 'vitest';
import { HeapCorruptError } from '../runtime/errors.ts';
import * as L from '../runtime/layout.ts';
import { smallRuntime } from './helpers.ts';

describe('a collection over a corrupt heap', () => {
  it('a zero object size in a nursery block throws HeapCorruptError; the world stays stopped, the lock is released', () => {
    const { h, m, c } = smallRuntime();
    const hd = m.allocBytes(40);
    m.allocBytes(40);
    const a = m.addressOf(hd);
    h.i32[(a >> 2) + L.kObjSize] = 0;
    const epoch = Atomics.load(h.i32, L.kEpoch);
    const tok = m.enterNative();
    expect(() => c.collect({ kind: L.kGcMinor, reason: L.kGcReasonRequested })).toThrow(HeapCorruptError);
    expect(Atomics.load(h.i32, L.kSafepointRequest)).toBe(1);
    expect(Atomics.load(h.i32, L.kEpoch)).toBe(epoch);
    expect(Atomics.load(h.i32, L.kCollecting)).toBe(0);
    expect(Atomics.load(h.i32, L.kGcMutex)).toBe(L.kMutexFree);
    expect(Atomics.load(h.i32, L.kGcMutexOwner)).toBe(L.kNoThread);
    void tok;
  });

  it('the same heap without the corruption collects and restarts the world', () => {
    const { h, m, c } = smallRuntime();
    m.allocBytes(40);
    m.allocBytes(40);
    const epoch = Atomics.load(h.i32, L.kEpoch);
    const tok = m.enterNative();
    expect(c.collect({ kind: L.kGcMinor, reason: L.kGcReasonRequested }).state).toBe('collected');
    m.leaveNative(tok);
    expect(Atomics.load(h.i32, L.kSafepointRequest)).toBe(0);
    expect(Atomics.load(h.i32, L.kEpoch)).toBe(epoch + 1);
  });
});
